package dev.webtop.monitor;

import java.time.ZoneId;

/**
 * How to draw: with colours or without (NO_COLOR, --no-color, a terminal without colours), with
 * Unicode blocks and arrows or plain ASCII, the clock's zone, and per-query timings (--verbose).
 */
public record RenderOptions(boolean color, boolean ascii, ZoneId zone, boolean verbose) {

    public String up() {
        return ascii ? "^" : "↑";
    }

    public String down() {
        return ascii ? "v" : "↓";
    }

    public String steady() {
        return ascii ? "=" : "→";
    }

    /** A heavy line: the light one is drawn through the terminal's alternate character set,
     * which terminal captures and some fonts show as letters. */
    public String rule() {
        return ascii ? "-" : "━";
    }
}
