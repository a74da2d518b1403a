package dev.webtop.generate;

import dev.webtop.config.DbTarget;
import dev.webtop.db.Database;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * One connection writing batches into `logs`: each batch is one binary COPY plus its page views
 * counted into page_hourly, committed together, so that a count reported after commit() is
 * exactly what the table holds.
 */
public final class LogWriter implements AutoCloseable {
    private static final String COPY = "COPY logs (" + BinaryCopy.COLUMNS + ") FROM STDIN (FORMAT binary)";
    private static final long MICROS_PER_HOUR = 3_600_000_000L;
    private static final long MICROS_PER_MINUTE = 60_000_000L;

    private record PageHour(long hourMicros, byte[] domain, byte[] path) {
    }

    private record DomainMinute(byte[] domain, long minuteMicros) {
    }

    private final DbTarget target;
    private final Connection connection;
    private final CopyManager copies;
    private final PreparedStatement pageViews;
    private final PreparedStatement sources;
    private final PreparedStatement live;
    private final BinaryCopy encoder = new BinaryCopy();

    public LogWriter(DbTarget target) {
        this.target = target;
        this.connection = Database.connect(target);
        try {
            connection.setAutoCommit(false);
            copies = connection.unwrap(PGConnection.class).getCopyAPI();
            pageViews = connection.prepareStatement("SELECT webtop_add_page_views(?, ?, ?, ?, ?)");
            sources = connection.prepareStatement("SELECT webtop_note_sources(?, ?, ?)");
            live = connection.prepareStatement("SELECT webtop_count_live(?, ?, ?)");
        } catch (SQLException e) {
            throw Database.failure(target, e);
        }
    }

    /** Writes a slice in a transaction of its own and returns the rows committed. */
    public long write(LogSlice slice) {
        long rows = append(slice);
        commit();
        return rows;
    }

    /** Writes a slice into the open transaction; nothing is visible before commit(). */
    public long append(LogSlice slice) {
        try {
            long rows = copy(slice);
            countPages(slice);
            noteSources(slice);
            countLive(slice);
            return rows;
        } catch (SQLException e) {
            throw Database.failure(target, e);
        }
    }

    /** Runs a statement in the open transaction (a checkpoint beside the rows it covers). */
    public void execute(String sql, Object... parameters) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw Database.failure(target, e);
        }
    }

    /** The first column of a one-row query, or null without a row. */
    public String single(String sql, Object... parameters) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (java.sql.ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw Database.failure(target, e);
        }
    }

    public void commit() {
        try {
            connection.commit();
        } catch (SQLException e) {
            throw Database.failure(target, e);
        }
    }

    private long copy(LogSlice slice) throws SQLException {
        byte[] bytes = encoder.encode(slice.batch(), slice.from(), slice.to());
        CopyIn copy = copies.copyIn(COPY);
        try {
            copy.writeToCopy(bytes, 0, encoder.length());
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private void countPages(LogSlice slice) throws SQLException {
        LogBatch batch = slice.batch();
        Map<PageHour, long[]> counts = new HashMap<>();
        for (int i = slice.from(); i < slice.to(); i++) {
            if (batch.isPageView(i)) {
                long hour = Math.floorDiv(batch.timeMicros[i], MICROS_PER_HOUR) * MICROS_PER_HOUR;
                long[] views = counts.computeIfAbsent(new PageHour(hour, batch.domain[i], batch.path[i]), k -> new long[2]);
                views[batch.botRule[i] == LogBatch.BOT_NONE ? 0 : 1]++;
            }
        }
        if (counts.isEmpty()) {
            return;
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
            domains[i] = new String(entry.getKey().domain(), StandardCharsets.UTF_8);
            paths[i] = new String(entry.getKey().path(), StandardCharsets.UTF_8);
            views[i] = entry.getValue()[0];
            botViews[i] = entry.getValue()[1];
            i++;
        }
        Array[] arrays = {connection.createArrayOf("timestamptz", hours), connection.createArrayOf("text", domains),
            connection.createArrayOf("text", paths), connection.createArrayOf("bigint", views),
            connection.createArrayOf("bigint", botViews)};
        for (int p = 0; p < arrays.length; p++) {
            pageViews.setArray(p + 1, arrays[p]);
        }
        pageViews.execute();
    }

    /** Which domains this slice's source reached, and when last: for the dashboard's source filter. */
    private void noteSources(LogSlice slice) throws SQLException {
        LogBatch batch = slice.batch();
        Map<byte[], Long> latest = new IdentityHashMap<>();
        for (int row = slice.from(); row < slice.to(); row++) {
            latest.merge(batch.domain[row], batch.timeMicros[row], Math::max);
        }
        if (latest.isEmpty()) {
            return;
        }
        // a name interned twice may be sent twice: the function keeps its latest time
        String[] domains = new String[latest.size()];
        String[] times = new String[latest.size()];
        int i = 0;
        for (Map.Entry<byte[], Long> entry : latest.entrySet()) {
            domains[i] = new String(entry.getKey(), StandardCharsets.UTF_8);
            times[i] = timestamp(entry.getValue());
            i++;
        }
        sources.setString(1, batch.source);
        sources.setArray(2, connection.createArrayOf("text", domains));
        sources.setArray(3, connection.createArrayOf("timestamptz", times));
        sources.execute();
    }

    /**
     * Hits per domain in the last two minutes by this machine's clock, for the dashboard's live
     * column; the database keeps only its own current and previous minute of them.
     */
    private void countLive(LogSlice slice) throws SQLException {
        LogBatch batch = slice.batch();
        long recent = (Math.floorDiv(System.currentTimeMillis() * 1000, MICROS_PER_MINUTE) - 2) * MICROS_PER_MINUTE;
        Map<DomainMinute, long[]> counts = new HashMap<>();
        for (int i = slice.from(); i < slice.to(); i++) {
            if (batch.timeMicros[i] >= recent) {
                long minute = Math.floorDiv(batch.timeMicros[i], MICROS_PER_MINUTE) * MICROS_PER_MINUTE;
                counts.computeIfAbsent(new DomainMinute(batch.domain[i], minute), k -> new long[1])[0]++;
            }
        }
        if (counts.isEmpty()) {
            return;
        }
        int n = counts.size();
        String[] domains = new String[n];
        String[] minutes = new String[n];
        Long[] hits = new Long[n];
        int i = 0;
        for (Map.Entry<DomainMinute, long[]> entry : counts.entrySet()) {
            domains[i] = new String(entry.getKey().domain(), StandardCharsets.UTF_8);
            minutes[i] = timestamp(entry.getKey().minuteMicros());
            hits[i] = entry.getValue()[0];
            i++;
        }
        live.setArray(1, connection.createArrayOf("text", domains));
        live.setArray(2, connection.createArrayOf("timestamptz", minutes));
        live.setArray(3, connection.createArrayOf("bigint", hits));
        live.execute();
    }

    private static String timestamp(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000).toString();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // the run is over either way
        }
    }
}
