package dev.webtop.traffic;

import java.nio.charset.StandardCharsets;

/** A batch's rows as text, for tests outside this package (the columns are package-private). */
public final class BatchRows {
    private BatchRows() {
    }

    /** time, domain, path, user, session, event type, status, bytes, response ms and bot rule. */
    public static String row(LogBatch b, int i) {
        return b.timeMicros[i] + " " + text(b.domain[i]) + " " + text(b.path[i]) + " " + text(b.user[i]) + " "
            + text(b.session[i]) + " " + text(b.eventType[i]) + " " + b.status[i] + " " + b.bytes[i] + " "
            + b.responseMs[i] + " " + b.botRule[i];
    }

    /** Marks a row as a crawler's, as the user-agent rule would. */
    public static void flagCrawler(LogBatch b, int i) {
        b.botRule[i] = LogBatch.BOT_USER_AGENT;
    }

    public static String session(LogBatch b, int i) {
        return text(b.session[i]);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "-" : new String(bytes, StandardCharsets.UTF_8);
    }
}
