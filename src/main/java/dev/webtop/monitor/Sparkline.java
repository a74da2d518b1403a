package dev.webtop.monitor;

import java.util.List;

/** Values as one character each, eight levels high, scaled to a shared maximum so rows compare. */
final class Sparkline {
    private static final String BLOCKS = " ▁▂▃▄▅▆▇█";
    private static final String ASCII = " .:-=+*#%";

    private Sparkline() {
    }

    static String render(List<Long> values, long max, boolean ascii) {
        String levels = ascii ? ASCII : BLOCKS;
        StringBuilder line = new StringBuilder(values.size());
        for (long value : values) {
            int level = value <= 0 || max <= 0 ? 0
                : (int) Math.max(1, Math.round((double) value / max * (levels.length() - 1)));
            line.append(levels.charAt(Math.min(level, levels.length() - 1)));
        }
        return line.toString();
    }
}
