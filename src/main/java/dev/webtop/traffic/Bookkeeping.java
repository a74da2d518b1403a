package dev.webtop.traffic;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What every writer counts beside its rows, in the same transaction and one round trip
 * (webtop_record_batch): page views per page and hour (page_hourly, kept longer than raw rows),
 * the domains each source reached (the dashboard's source filter), and hits in the minutes the
 * dashboard still shows live (domain_live). Counted here, from the batch in memory, so that the
 * server never reads the rows back.
 */
final class Bookkeeping {
    private static final long MICROS_PER_HOUR = 3_600_000_000L;
    private static final long MICROS_PER_MINUTE = 60_000_000L;

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
        this.record = connection.prepareStatement("SELECT webtop_record_batch(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    void record(LogSlice slice) throws SQLException {
        if (timestamps.size() > 10_000) {
            timestamps.clear();
        }
        record.setString(1, slice.batch().source.label());
        pageViews(slice, 2);
        sources(slice, 7);
        live(slice, 9);
        record.execute();
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
     * Parameters first..first+2: hits per domain and minute in the last two minutes by this
     * machine's clock; the database keeps only its own current and previous minute of them.
     */
    private void live(LogSlice slice, int first) throws SQLException {
        LogBatch batch = slice.batch();
        long recent = (Math.floorDiv(System.currentTimeMillis() * 1000, MICROS_PER_MINUTE) - 2) * MICROS_PER_MINUTE;
        Map<DomainMinute, long[]> counts = new HashMap<>();
        for (int i = slice.from(); i < slice.to(); i++) {
            if (batch.timeMicros[i] >= recent) {
                long minute = Math.floorDiv(batch.timeMicros[i], MICROS_PER_MINUTE) * MICROS_PER_MINUTE;
                counts.computeIfAbsent(new DomainMinute(batch.domain[i], minute), k -> new long[1])[0]++;
            }
        }
        int n = counts.size();
        String[] domains = new String[n];
        String[] minutes = new String[n];
        Long[] hits = new Long[n];
        int i = 0;
        for (Map.Entry<DomainMinute, long[]> entry : counts.entrySet()) {
            domains[i] = text(entry.getKey().domain());
            minutes[i] = timestamp(entry.getKey().minuteMicros());
            hits[i] = entry.getValue()[0];
            i++;
        }
        record.setArray(first, connection.createArrayOf("text", domains));
        record.setArray(first + 1, connection.createArrayOf("timestamptz", minutes));
        record.setArray(first + 2, connection.createArrayOf("bigint", hits));
    }

    private static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private String timestamp(long micros) {
        return timestamps.computeIfAbsent(micros, m ->
            Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000), Math.floorMod(m, 1_000_000) * 1000).toString());
    }
}
