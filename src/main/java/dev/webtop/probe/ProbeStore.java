package dev.webtop.probe;

import dev.webtop.config.DbTarget;
import dev.webtop.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;

/**
 * Writes results into probe_results, all of one run in one transaction, in batches, and moves
 * the targets' states (probe_state, probe_incidents) forward in the same transaction.
 */
public final class ProbeStore {
    private static final String INSERT = """
        INSERT INTO probe_results (time, location, target, outcome, responsive, failed_phase, detail,
            status, reason, dns_ms, connect_ms, tls_ms, ttfb_ms, transfer_ms, total_ms, body_bytes,
            final_url, redirects, remote_ip, tls_version, cert_not_after)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """;

    private final DbTarget target;

    public ProbeStore(DbTarget target) {
        this.target = target;
    }

    public void store(List<ProbeResult> results) {
        store(results, List.of());
    }

    /**
     * Stores this run's results and those of spool files, in one transaction; a spool file the
     * database has already applied is skipped, so each is stored exactly once.
     */
    public void store(List<ProbeResult> results, List<ProbeSpool.Claimed> spooled) {
        try (Connection connection = Database.connect(target);
             PreparedStatement insert = connection.prepareStatement(INSERT);
             PreparedStatement applied = connection.prepareStatement(
                 "INSERT INTO probe_spool_applied (file_id, results) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            connection.setAutoCommit(false);
            for (ProbeSpool.Claimed file : spooled) {
                applied.setString(1, file.id());
                applied.setInt(2, file.results().size());
                if (applied.executeUpdate() == 1) {
                    addAll(insert, file.results());
                }
            }
            addAll(insert, results);
            insert.executeBatch();
            try (PreparedStatement state = connection.prepareStatement("SELECT webtop_update_probe_state()")) {
                state.execute();
            }
            connection.commit();
        } catch (SQLException e) {
            throw Database.failure(target, e);
        }
    }

    private static void addAll(PreparedStatement insert, List<ProbeResult> results) throws SQLException {
        for (ProbeResult r : results) {
            insert.setTimestamp(1, Timestamp.from(r.time()));
            insert.setString(2, r.location());
            insert.setString(3, r.target());
            insert.setString(4, r.outcome().label());
            insert.setBoolean(5, r.responsive());
            insert.setString(6, r.failedPhase());
            insert.setString(7, r.detail());
            setNumber(insert, 8, r.status(), Types.SMALLINT);
            insert.setString(9, r.reason());
            setNumber(insert, 10, r.dnsMs(), Types.REAL);
            setNumber(insert, 11, r.connectMs(), Types.REAL);
            setNumber(insert, 12, r.tlsMs(), Types.REAL);
            setNumber(insert, 13, r.ttfbMs(), Types.REAL);
            setNumber(insert, 14, r.transferMs(), Types.REAL);
            insert.setDouble(15, r.totalMs());
            setNumber(insert, 16, r.bodyBytes(), Types.BIGINT);
            insert.setString(17, r.finalUrl());
            insert.setInt(18, r.redirects());
            insert.setString(19, r.remoteIp());
            insert.setString(20, r.tlsVersion());
            insert.setTimestamp(21, r.certNotAfter() == null ? null : Timestamp.from(r.certNotAfter()));
            insert.addBatch();
        }
    }

    private static void setNumber(PreparedStatement statement, int index, Number value, int type)
        throws SQLException {
        if (value == null) {
            statement.setNull(index, type);
        } else {
            statement.setObject(index, value, type);
        }
    }
}
