package dev.webtop.serve;

/** Flat two-part SVG badges (a grey label, a coloured value), sized from their text. */
final class Badges {
    static final String GREY = "#9e9e9e";
    /** Verdana 11px averages about this many pixels a character; a little wide is better than clipped. */
    private static final double CHAR_WIDTH = 6.8;

    private Badges() {
    }

    static String colorOf(String state) {
        return switch (state) {
            case "up" -> "#2f9e44";
            case "degraded" -> "#e8590c";
            case "down" -> "#c92a2a";
            case "maintenance" -> "#1971c2";
            default -> GREY;
        };
    }

    static String svg(String label, String value, String color) {
        int left = (int) Math.round(label.length() * CHAR_WIDTH) + 12;
        int right = (int) Math.round(value.length() * CHAR_WIDTH) + 12;
        int width = left + right;
        String text = StatusPage.escape(label + ": " + value);
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"20\" role=\"img\" "
            + "aria-label=\"" + text + "\"><title>" + text + "</title>"
            + "<clipPath id=\"c\"><rect width=\"" + width + "\" height=\"20\" rx=\"3\"/></clipPath>"
            + "<g clip-path=\"url(#c)\"><rect width=\"" + left + "\" height=\"20\" fill=\"#555\"/>"
            + "<rect x=\"" + left + "\" width=\"" + right + "\" height=\"20\" fill=\"" + color + "\"/></g>"
            + "<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,DejaVu Sans,sans-serif\" font-size=\"11\">"
            + "<text x=\"" + left / 2.0 + "\" y=\"14\">" + StatusPage.escape(label) + "</text>"
            + "<text x=\"" + (left + right / 2.0) + "\" y=\"14\">" + StatusPage.escape(value) + "</text></g></svg>";
    }
}
