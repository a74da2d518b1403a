package dev.webtop.ingest;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Queried names from `tcpdump -l -n -tt` text, one packet a line:
 * `1732350000.123456 IP 10.0.2.15.44182 > 192.0.2.53.53: 50466+ [1au] A? www.example.com. (50)`.
 * Only A, AAAA and HTTPS questions count; reverse lookups (in-addr.arpa, ip6.arpa) do not.
 */
final class DnsQueryParser {
    private static final Pattern QUERY = Pattern.compile(
        "^(\\d+)\\.(\\d{1,6}) IP6? (\\S+)\\.(\\d+) > \\S+: (\\d+)\\S* (?:\\[[^]]*\\] )?(A|AAAA|HTTPS)\\? (\\S+?)\\.? \\(\\d+\\)");

    /** One question: when, from which address, its id and the name asked for. */
    record Query(long epochMicros, String source, int id, String type, String name) {
    }

    /** The query on this line, or null for anything else (answers, other types, reverse lookups). */
    static Query parse(String line) {
        Matcher m = QUERY.matcher(line);
        if (!m.find()) {
            return null;
        }
        String name = m.group(7).toLowerCase(Locale.ROOT);
        if (name.endsWith(".in-addr.arpa") || name.endsWith(".ip6.arpa") || !name.contains(".")) {
            return null;
        }
        String fraction = (m.group(2) + "000000").substring(0, 6);
        long micros = Long.parseLong(m.group(1)) * 1_000_000L + Long.parseLong(fraction);
        return new Query(micros, m.group(3), Integer.parseInt(m.group(5)), m.group(6), name);
    }
}
