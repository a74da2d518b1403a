package dev.webtop.base;

/** webtop's messages are one line each, on stderr, however odd the text they echo. */
public final class Messages {
    private Messages() {
    }

    /** A message echoes what the user typed: control characters in it are shown, not obeyed. */
    public static String oneLine(String message) {
        StringBuilder shown = new StringBuilder(message.length());
        message.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> shown.append("\\n");
                case '\r' -> shown.append("\\r");
                case '\t' -> shown.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        shown.append(String.format("\\u%04x", c));
                    } else {
                        shown.appendCodePoint(c);
                    }
                }
            }
        });
        return shown.toString();
    }
}
