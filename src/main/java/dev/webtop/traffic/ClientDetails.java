package dev.webtop.traffic;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What a writer learns about a request before the parts it does not keep are gone: the browser,
 * system and device class of its user agent, the country of its address (see Countries), and the
 * utm_source, utm_medium and utm_campaign of its query string, which is otherwise dropped. One
 * per writer thread.
 */
public final class ClientDetails {
    private static final int LONGEST_TAG = 200;

    private final UserAgents agents = new UserAgents();
    private final Map<String, byte[]> tags = new HashMap<>();

    public ClientDetails() {
        UserAgents.loadSoon();
    }

    /** Sets the row's client and campaign; any argument may be null. */
    public void describe(LogBatch batch, int row, String agent, String address, String query) {
        UserAgents.Agent client = agents.of(agent);
        batch.client(row, client.browser(), client.os(), client.device(), Countries.of(address));
        if (query != null && query.contains("utm_")) {
            batch.campaign(row, tag(query, "utm_source"), tag(query, "utm_medium"), tag(query, "utm_campaign"));
        }
    }

    /** The decoded value of one parameter of a query string, or null when absent or empty. */
    private byte[] tag(String query, String name) {
        int at = 0;
        while (at <= query.length()) {
            int end = query.indexOf('&', at);
            if (end < 0) {
                end = query.length();
            }
            if (query.startsWith(name, at) && at + name.length() < end && query.charAt(at + name.length()) == '=') {
                String value = decode(query.substring(at + name.length() + 1, end)).strip();
                if (value.length() > LONGEST_TAG) {
                    value = value.substring(0, LONGEST_TAG);
                }
                if (tags.size() > 10_000) {
                    tags.clear();
                }
                // one array per tag: Breakdowns counts by array identity
                return value.isEmpty() ? null : tags.computeIfAbsent(value, LogBatch::utf8);
            }
            at = end + 1;
        }
        return null;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;   // a stray % is kept as it came
        }
    }
}
