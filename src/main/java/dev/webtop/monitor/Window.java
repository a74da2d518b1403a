package dev.webtop.monitor;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.webtop.WebtopException;
import java.time.Duration;

/** The period the top-websites panel sums over; `w` cycles through them. */
public enum Window {
    ONE_MINUTE("1m", Duration.ofMinutes(1), "domain_stats_1m", Duration.ofMinutes(1)),
    TEN_MINUTES("10m", Duration.ofMinutes(10), "domain_stats_1m", Duration.ofMinutes(1)),
    ONE_HOUR("1h", Duration.ofHours(1), "domain_stats_10m", Duration.ofMinutes(10)),
    ONE_DAY("1d", Duration.ofDays(1), "domain_stats_10m", Duration.ofMinutes(10));

    private final String label;
    private final Duration length;
    private final String level;
    private final Duration bucket;

    Window(String label, Duration length, String level, Duration bucket) {
        this.label = label;
        this.length = length;
        this.level = level;
        this.bucket = bucket;
    }

    @JsonValue
    public String label() {
        return label;
    }

    public Duration length() {
        return length;
    }

    /** The coarsest aggregate level whose buckets divide this window. */
    String level() {
        return level;
    }

    Duration bucket() {
        return bucket;
    }

    public Window next() {
        return values()[(ordinal() + 1) % values().length];
    }

    public static Window parse(String label) {
        for (Window window : values()) {
            if (window.label.equals(label)) {
                return window;
            }
        }
        throw WebtopException.badInput("--window '" + label + "' is not a window; use 1m, 10m, 1h or 1d");
    }
}
