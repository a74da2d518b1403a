package dev.webtop.traffic;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The visitors and breakdowns of a batch (visitor_days and hourly_breakdowns, see V20), counted in
 * memory and added in the batch's transaction with one statement. A visitor already added in an
 * hour by this writer is not sent again: the set of those is updated only when a transaction
 * commits, so a batch written again after a failure sends all of its own.
 */
final class Breakdowns {
    private static final long MICROS_PER_HOUR = 3_600_000_000L;
    private static final int REMEMBERED = 1_000_000;
    private static final String[] STATUS = new String[600];

    private record Item(long hour, byte[] domain, String dimension, Object value) {
    }

    private record VisitorHour(long hour, byte[] domain, byte[] user, boolean bot) {
    }

    private final Connection connection;
    private final PreparedStatement add;
    private final Referrers referrers = new Referrers();
    private final Set<VisitorHour> sent = new HashSet<>();
    private final Set<VisitorHour> sending = new HashSet<>();

    Breakdowns(Connection connection) throws SQLException {
        this.connection = connection;
        this.add = connection.prepareStatement("SELECT webtop_add_visitors(?, ?, ?, ?), "
            + "webtop_add_breakdowns(?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /** A new transaction begins: what an unfinished one counted was never stored. */
    void begin() {
        sending.clear();
    }

    /** The transaction committed: its visitors are stored. */
    void committed() {
        if (sent.size() + sending.size() > REMEMBERED) {
            sent.clear();
        }
        sent.addAll(sending);
        sending.clear();
    }

    void record(LogSlice slice) throws SQLException {
        LogBatch batch = slice.batch();
        List<VisitorHour> visitors = new ArrayList<>();
        Map<Item, long[]> counts = new HashMap<>();
        for (int i = slice.from(); i < slice.to(); i++) {
            long hour = Math.floorDiv(batch.timeMicros[i], MICROS_PER_HOUR) * MICROS_PER_HOUR;
            boolean bot = batch.botRule[i] != LogBatch.BOT_NONE;
            int status = batch.status[i];
            boolean clientError = status >= 400 && status <= 499;
            if (batch.user[i] != null && !clientError) {
                VisitorHour visitor = new VisitorHour(hour, batch.domain[i], batch.user[i], bot);
                if (!sent.contains(visitor) && sending.add(visitor)) {
                    visitors.add(visitor);
                }
            }
            int figure = (bot ? 2 : 0) + (batch.isPageView(i) ? 1 : 0);
            byte[] domain = batch.domain[i];
            count(counts, hour, domain, "status", status(status), figure);
            if (status == 404) {
                count(counts, hour, domain, "not_found", batch.path[i], figure);
            }
            if (batch.entry[i]) {
                count(counts, hour, domain, "entry", batch.path[i], figure);
            }
            count(counts, hour, domain, "referrer", referrers.of(batch.referrer[i], domain), figure);
            count(counts, hour, domain, "utm_source", batch.utmSource[i], figure);
            count(counts, hour, domain, "utm_medium", batch.utmMedium[i], figure);
            count(counts, hour, domain, "utm_campaign", batch.utmCampaign[i], figure);
            count(counts, hour, domain, "browser", batch.browser[i], figure);
            count(counts, hour, domain, "os", batch.os[i], figure);
            count(counts, hour, domain, "device", batch.device[i], figure);
            count(counts, hour, domain, "country", batch.country[i], figure);
        }
        bindVisitors(visitors);
        bindCounts(counts);
        add.execute();
    }

    /** figure: bit 0 a page view, bit 1 a bot; the counts are hits, views, bot hits, bot views. */
    private static void count(Map<Item, long[]> counts, long hour, byte[] domain, String dimension, Object value,
                              int figure) {
        if (value == null) {
            return;
        }
        long[] c = counts.computeIfAbsent(new Item(hour, domain, dimension, value), k -> new long[4]);
        boolean bot = (figure & 2) != 0;
        c[bot ? 2 : 0]++;
        if ((figure & 1) != 0) {
            c[bot ? 3 : 1]++;
        }
    }

    private void bindVisitors(List<VisitorHour> visitors) throws SQLException {
        int n = visitors.size();
        String[] hours = new String[n];
        String[] domains = new String[n];
        String[] users = new String[n];
        Boolean[] bots = new Boolean[n];
        for (int i = 0; i < n; i++) {
            VisitorHour v = visitors.get(i);
            hours[i] = instant(v.hour());
            domains[i] = text(v.domain());
            users[i] = text(v.user());
            bots[i] = v.bot();
        }
        add.setArray(1, connection.createArrayOf("timestamptz", hours));
        add.setArray(2, connection.createArrayOf("text", domains));
        add.setArray(3, connection.createArrayOf("text", users));
        add.setArray(4, connection.createArrayOf("boolean", bots));
    }

    private void bindCounts(Map<Item, long[]> counts) throws SQLException {
        int n = counts.size();
        String[] hours = new String[n];
        String[] domains = new String[n];
        String[] dimensions = new String[n];
        String[] values = new String[n];
        Long[][] figures = new Long[4][n];
        int i = 0;
        for (Map.Entry<Item, long[]> entry : counts.entrySet()) {
            Item item = entry.getKey();
            hours[i] = instant(item.hour());
            domains[i] = text(item.domain());
            dimensions[i] = item.dimension();
            values[i] = item.value() instanceof byte[] bytes ? text(bytes) : (String) item.value();
            for (int f = 0; f < 4; f++) {
                figures[f][i] = entry.getValue()[f];
            }
            i++;
        }
        add.setArray(5, connection.createArrayOf("timestamptz", hours));
        add.setArray(6, connection.createArrayOf("text", domains));
        add.setArray(7, connection.createArrayOf("text", dimensions));
        add.setArray(8, connection.createArrayOf("text", values));
        for (int f = 0; f < 4; f++) {
            add.setArray(9 + f, connection.createArrayOf("bigint", figures[f]));
        }
    }

    private static String status(int code) {
        if (code < 0 || code >= STATUS.length) {
            return Integer.toString(code);
        }
        String text = STATUS[code];
        if (text == null) {
            text = Integer.toString(code);
            STATUS[code] = text;
        }
        return text;
    }

    private static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static String instant(long micros) {
        return Instant.ofEpochSecond(micros / 1_000_000).toString();
    }
}
