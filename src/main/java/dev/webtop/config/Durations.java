package dev.webtop.config;

import dev.webtop.base.WebtopException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users type them on a command line: `500ms`, `30s`, `5m`, `2h`, `1d`; bare numbers are seconds. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

    private Durations() {
    }

    /** The value of a command's option: a bad one is bad input that names the option. */
    public static Duration parse(String option, String text) {
        try {
            return parse(text);
        } catch (WebtopException e) {
            throw WebtopException.badInput(option + " " + e.getMessage());
        }
    }

    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw WebtopException.badInput("'" + text + "' is not a duration; use a number with "
                + "ms, s, m, h or d, like 30s or 5m");
        }
        try {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
        } catch (ArithmeticException | NumberFormatException e) {
            throw WebtopException.badInput("'" + text + "' is too long a duration");
        }
    }

    /** The shortest of those forms, for tables: 5s, 1m, 90s, 1h, 1d. */
    public static String format(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 86400 == 0 && seconds > 0) {
            return seconds / 86400 + "d";
        }
        if (seconds % 3600 == 0 && seconds > 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0 && seconds > 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
