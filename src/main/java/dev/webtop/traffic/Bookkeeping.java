package dev.webtop.traffic;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What every writer counts beside its rows, in the same transaction and one round trip
 * (webtop_record_batch): page views per page and hour (page_hourly, kept longer than raw rows),
 * the domains each source reached (the dashboard's source filter), and per domain and minute the
 * hits, errors, bytes and response times that the aggregate levels and the dashboard's live
 * minutes count. Counted here, from the batch in memory, so that the server never reads the rows
 * back.
 */
final class Bookkeeping {
    private static final long MICROS_PER_HOUR = 3_600_000_000L;
    private static final long MICROS_PER_MINUTE = 60_000_000L;
    // the figures per domain and minute, in webtop_record_batch's order
    private static final int HITS = 0;
    private static final int BOT_HITS = 1;
    private static final int ERRORS_4XX = 2;
    private static final int ERRORS_5XX = 3;
    private static final int BYTES = 4;
    private static final int RESPONSE_SUM = 5;
    private static final int RESPONSE_COUNT = 6;
    private static final int RESPONSE_MAX = 7;

    private record PageHour(long hourMicros, byte[] domain, byte[] path) {
    }

    private record DomainMinute(byte[] domain, long minuteMicros) {
    }

    private final Connection connection;
    private final PreparedStatement record;
    // a batch spans few hours and minutes: each is formatted once
    private final Map<Long, String> timestamps = new HashMap<>();

    Bookkeeping(Connection connection) throws SQLException {
        this.connection = connection;
        this.record = connection.prepareStatement("SELECT lower(r), upper(r) FROM webtop_record_batch("
            + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) AS r");
    }

    /**
     * Counts the slice; returns the minutes [first, last) that still have to be aggregated once
     * the transaction is committed, or null when the levels already count them.
     */
    Instant[] record(LogSlice slice) throws SQLException {
        if (timestamps.size() > 10_000) {
            timestamps.clear();
        }
        record.setString(1, slice.batch().source.label());
        pageViews(slice, 2);
        sources(slice, 7);
        minutes(slice, 9);
        try (ResultSet range = record.executeQuery()) {
            range.next();
            Timestamp first = range.getTimestamp(1);
            return first == null ? null : new Instant[] {first.toInstant(), range.getTimestamp(2).toInstant()};
        }
    }

    /** Parameters first..first+4: hours, domains, paths, views and bot views. */
    private void pageViews(LogSlice slice, int first) throws SQLException {
        LogBatch batch = slice.batch();
        Map<PageHour, long[]> counts = new HashMap<>();
        for (int i = slice.from(); i < slice.to(); i++) {
            if (batch.isPageView(i)) {
                long hour = Math.floorDiv(batch.timeMicros[i], MICROS_PER_HOUR) * MICROS_PER_HOUR;
                long[] views = counts.computeIfAbsent(new PageHour(hour, batch.domain[i], batch.path[i]), k -> new long[2]);
                views[batch.botRule[i] == LogBatch.BOT_NONE ? 0 : 1]++;
            }
        }
        int n = counts.size();
        String[] hours = new String[n];
        String[] domains = new String[n];
        String[] paths = new String[n];
        Long[] views = new Long[n];
        Long[] botViews = new Long[n];
        int i = 0;
        for (Map.Entry<PageHour, long[]> entry : counts.entrySet()) {
            hours[i] = timestamp(entry.getKey().hourMicros());
            domains[i] = text(entry.getKey().domain());
            paths[i] = text(entry.getKey().path());
            views[i] = entry.getValue()[0];
            botViews[i] = entry.getValue()[1];
            i++;
        }
        record.setArray(first, connection.createArrayOf("timestamptz", hours));
        record.setArray(first + 1, connection.createArrayOf("text", domains));
        record.setArray(first + 2, connection.createArrayOf("text", paths));
        record.setArray(first + 3, connection.createArrayOf("bigint", views));
        record.setArray(first + 4, connection.createArrayOf("bigint", botViews));
    }

    /** Parameters first, first+1: each domain of the slice and its latest time. */
    private void sources(LogSlice slice, int first) throws SQLException {
        LogBatch batch = slice.batch();
        Map<byte[], long[]> latest = new IdentityHashMap<>();
        for (int row = slice.from(); row < slice.to(); row++) {
            long[] seen = latest.computeIfAbsent(batch.domain[row], domain -> new long[] {Long.MIN_VALUE});
            seen[0] = Math.max(seen[0], batch.timeMicros[row]);
        }
        // a name interned twice may be sent twice: the function keeps its latest time
        String[] domains = new String[latest.size()];
        String[] times = new String[latest.size()];
        int i = 0;
        for (Map.Entry<byte[], long[]> entry : latest.entrySet()) {
            domains[i] = text(entry.getKey());
            times[i] = timestamp(entry.getValue()[0]);
            i++;
        }
        record.setArray(first, connection.createArrayOf("text", domains));
        record.setArray(first + 1, connection.createArrayOf("timestamptz", times));
    }

    /**
     * Parameters first..first+9: per domain and minute, the figures of the aggregate levels: hits,
     * bot hits, 4xx, 5xx, bytes, and the sum, count and maximum of response times.
     */
    private void minutes(LogSlice slice, int first) throws SQLException {
        LogBatch batch = slice.batch();
        Map<DomainMinute, long[]> counts = new HashMap<>();
        for (int i = slice.from(); i < slice.to(); i++) {
            long minute = Math.floorDiv(batch.timeMicros[i], MICROS_PER_MINUTE) * MICROS_PER_MINUTE;
            long[] c = counts.computeIfAbsent(new DomainMinute(batch.domain[i], minute), k -> new long[] {0, 0, 0, 0, 0, 0, 0, -1});
            c[HITS]++;
            if (batch.botRule[i] != LogBatch.BOT_NONE) {
                c[BOT_HITS]++;
            }
            int status = batch.status[i];
            if (status >= 400 && status <= 499) {
                c[ERRORS_4XX]++;
            } else if (status >= 500) {
                c[ERRORS_5XX]++;
            }
            if (batch.bytes[i] > 0) {
                c[BYTES] += batch.bytes[i];
            }
            if (batch.responseMs[i] >= 0) {
                c[RESPONSE_SUM] += batch.responseMs[i];
                c[RESPONSE_COUNT]++;
                c[RESPONSE_MAX] = Math.max(c[RESPONSE_MAX], batch.responseMs[i]);
            }
        }
        int n = counts.size();
        String[] domains = new String[n];
        String[] minutes = new String[n];
        Long[][] figures = new Long[RESPONSE_MAX][n];
        Integer[] responseMax = new Integer[n];
        int i = 0;
        for (Map.Entry<DomainMinute, long[]> entry : counts.entrySet()) {
            domains[i] = text(entry.getKey().domain());
            minutes[i] = timestamp(entry.getKey().minuteMicros());
            long[] c = entry.getValue();
            for (int f = 0; f < RESPONSE_MAX; f++) {
                figures[f][i] = c[f];
            }
            responseMax[i] = c[RESPONSE_MAX] < 0 ? null : (int) c[RESPONSE_MAX];
            i++;
        }
        record.setArray(first, connection.createArrayOf("text", domains));
        record.setArray(first + 1, connection.createArrayOf("timestamptz", minutes));
        for (int f = 0; f < RESPONSE_MAX; f++) {
            record.setArray(first + 2 + f, connection.createArrayOf("bigint", figures[f]));
        }
        record.setArray(first + 2 + RESPONSE_MAX, connection.createArrayOf("integer", responseMax));
    }

    private static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private String timestamp(long micros) {
        return timestamps.computeIfAbsent(micros, m ->
            Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000), Math.floorMod(m, 1_000_000) * 1000).toString());
    }
}
