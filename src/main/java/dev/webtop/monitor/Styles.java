package dev.webtop.monitor;

import org.jline.utils.AttributedStyle;

/** The few styles the dashboard uses; without colour only bold, faint and inverse remain. */
final class Styles {
    final AttributedStyle bold = AttributedStyle.BOLD;
    final AttributedStyle faint;
    final AttributedStyle good;
    final AttributedStyle warning;
    final AttributedStyle bad;
    final AttributedStyle burst;
    final AttributedStyle title;
    final AttributedStyle focused = AttributedStyle.INVERSE;
    final AttributedStyle selected = AttributedStyle.INVERSE;
    final AttributedStyle columnHeader = AttributedStyle.BOLD;
    private final boolean color;

    Styles(boolean color) {
        this.color = color;
        this.faint = color ? AttributedStyle.DEFAULT.faint() : AttributedStyle.DEFAULT;
        this.good = color ? AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN) : AttributedStyle.DEFAULT;
        this.warning = color ? AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW) : AttributedStyle.DEFAULT;
        this.bad = color ? AttributedStyle.BOLD.foreground(AttributedStyle.RED) : AttributedStyle.BOLD;
        this.burst = color ? AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA) : AttributedStyle.BOLD;
        this.title = color ? AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN) : AttributedStyle.DEFAULT;
    }

    AttributedStyle level(String level) {
        if (!color) {
            return AttributedStyle.DEFAULT;
        }
        return switch (level) {
            case "High" -> bad;
            case "Medium" -> warning;
            default -> AttributedStyle.DEFAULT;
        };
    }

    AttributedStyle trend(String trend) {
        if (!color) {
            return AttributedStyle.DEFAULT;
        }
        return switch (trend) {
            case "Growing" -> good;
            case "Declining" -> AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
            default -> AttributedStyle.DEFAULT;
        };
    }
}
