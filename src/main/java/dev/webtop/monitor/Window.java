package dev.webtop.monitor;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.webtop.base.WebtopException;
import java.time.Duration;

/** The period the top-websites panel sums over; `w` cycles through them. */
public enum Window {
    ONE_MINUTE("1m", Duration.ofMinutes(1), "hits_1m", "previous_1m"),
    TEN_MINUTES("10m", Duration.ofMinutes(10), "hits_10m", "previous_10m"),
    ONE_HOUR("1h", Duration.ofHours(1), "window_1h", "previous_1h"),
    ONE_DAY("1d", Duration.ofDays(1), "window_1d", "previous_1d");

    private final String label;
    private final Duration length;
    private final String column;
    private final String previousColumn;

    Window(String label, Duration length, String column, String previousColumn) {
        this.label = label;
        this.length = length;
        this.column = column;
        this.previousColumn = previousColumn;
    }

    @JsonValue
    public String label() {
        return label;
    }

    public Duration length() {
        return length;
    }

    /** domain_current's column with this window's hits (1h and 1d end at a ten-minute boundary). */
    String column() {
        return column;
    }

    /** domain_current's column with the hits of the period of the same length before it. */
    String previousColumn() {
        return previousColumn;
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
