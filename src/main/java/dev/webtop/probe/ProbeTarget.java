package dev.webtop.probe;

import dev.webtop.base.WebtopException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import okhttp3.HttpUrl;

/**
 * One URL to check and its rules: accepted statuses, regexes the body must and must not match,
 * the latency above which it counts as degraded, the certificate days below which it warns.
 */
public record ProbeTarget(HttpUrl url, StatusSet expectStatus, List<Pattern> match,
                          List<Pattern> noMatch, Duration maxLatency, Integer minCertDays) {

    /** Checks the URL and compiles the regexes; `source` names where they came from for errors. */
    public static ProbeTarget of(String url, StatusSet expectStatus, List<String> match,
                                 List<String> noMatch, Duration maxLatency, String source) {
        HttpUrl parsed = HttpUrl.parse(url.strip());
        if (parsed == null || !(url.strip().startsWith("http://") || url.strip().startsWith("https://"))) {
            throw WebtopException.badInput(source + ": '" + url + "' is not an http:// or https:// URL");
        }
        return new ProbeTarget(parsed, expectStatus, compile(match, source), compile(noMatch, source), maxLatency, null);
    }

    /** The same target, reported as cert_expiring when its certificate has fewer days left. */
    public ProbeTarget withMinCertDays(Integer days) {
        return new ProbeTarget(url, expectStatus, match, noMatch, maxLatency, days);
    }

    private static List<Pattern> compile(List<String> regexes, String source) {
        return regexes.stream().map(regex -> {
            try {
                return Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw WebtopException.badInput(source + ": '" + regex + "' is not a valid regex ("
                    + e.getDescription() + ")");
            }
        }).toList();
    }
}
