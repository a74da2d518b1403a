package dev.webtop.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/** Small text helpers shared by the renderer and its tables: fitting, numbers and sizes. */
final class Text {
    private Text() {
    }

    /** Cut to `width` columns, never wider than the screen. */
    static AttributedString fit(AttributedString line, int width) {
        return line.columnLength() <= width ? line : line.columnSubSequence(0, width);
    }

    static AttributedString plain(String text, int width) {
        return fit(new AttributedString(text), width);
    }

    static AttributedString styled(String text, AttributedStyle style, int width) {
        return fit(new AttributedStringBuilder().style(style).append(text).toAttributedString(), width);
    }

    /** --ascii: the few non-ASCII characters the dashboard draws, replaced, styles kept. */
    static List<AttributedString> ascii(List<AttributedString> lines) {
        List<AttributedString> converted = new ArrayList<>(lines.size());
        for (AttributedString line : lines) {
            AttributedStringBuilder plain = new AttributedStringBuilder(line.length());
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                plain.style(line.styleAt(i)).append(c < 128 ? String.valueOf(c) : asciiFor(c));
            }
            converted.add(plain.toAttributedString());
        }
        return converted;
    }

    private static String asciiFor(char c) {
        return switch (c) {
            case '·' -> "|";
            case '…' -> "~";
            case 'Δ' -> "d";
            case '▶' -> ">";
            case '━', '─' -> "-";
            case '┃', '│' -> "|";
            case '┗', '└' -> "+";
            case '↑' -> "^";
            case '↓' -> "v";
            case '→' -> "=";
            case '█' -> "#";
            default -> c >= '▁' && c <= '▇' ? "." : "?";
        };
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String rate(double perSecond) {
        return perSecond >= 100 ? String.format(Locale.ROOT, "%,.0f/s", perSecond)
            : String.format(Locale.ROOT, "%.1f/s", perSecond);
    }

    static String bytes(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String percent(Double value) {
        if (value == null) {
            return "-";
        }
        return Math.abs(value) < 0.5 ? "0%" : String.format(Locale.ROOT, "%+.0f%%", value);
    }
}
