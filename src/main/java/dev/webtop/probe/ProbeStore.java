package dev.webtop.probe;

import dev.webtop.base.Background;
import dev.webtop.base.Json;
import dev.webtop.config.DbTarget;
import dev.webtop.db.PendingConnection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Hands results to webtop_store_probes() (raw rows, hourly aggregates, states and incidents), this
 * run's and those of spool files, in one transaction and one round trip for the lot. It connects
 * while the checks run, so that a cron run of one URL does not wait for the login afterwards.
 */
public final class ProbeStore implements ResultStore {
    private final PendingConnection connection;
    private final CompletableFuture<String> jsonLoaded;
    private final boolean smart;

    /**
     * Starts connecting at once. In smart mode a run of healthy checks is kept as one row (the
     * aggregates still count each).
     */
    public ProbeStore(Supplier<DbTarget> target, boolean smart) {
        this.smart = smart;
        this.connection = PendingConnection.start(target);
        this.jsonLoaded = Background.supply("webtop-json", () -> Json.write(List.of()));   // loads the JSON writer meanwhile too
    }

    /** Waits for the login (made or failed) and the JSON writer, so that nothing else runs while checks are timed. */
    @Override
    public void connected() {
        connection.settle();
        jsonLoaded.join();
    }

    public ProbeStore(DbTarget target, boolean smart) {
        this(() -> target, smart);
    }

    /**
     * Stores this run's results and those of spool files; a spool file the database has already
     * applied is skipped, so each is stored exactly once. Returns whether alert messages wait to be
     * sent afterwards (those these results started or ended, or any other that is due).
     */
    @Override
    public boolean store(List<ProbeResult> results, List<ProbeSpool.Claimed> spooled) {
        return connection.run(db -> {
            try (PreparedStatement applied = db.prepareStatement(
                     "INSERT INTO probe_spool_applied (file_id, results) VALUES (?, ?) ON CONFLICT DO NOTHING");
                 // a statement of its own: one beside the store would not see the messages it wrote
                 PreparedStatement waiting = db.prepareStatement(
                     "SELECT EXISTS (SELECT 1 FROM alert_outbox WHERE state = 'pending' AND next_attempt_at <= now())")) {
                db.setAutoCommit(false);
                List<ProbeResult> batch = new ArrayList<>();
                for (ProbeSpool.Claimed file : spooled) {
                    applied.setString(1, file.id());
                    applied.setInt(2, file.results().size());
                    if (applied.executeUpdate() == 1) {
                        batch.addAll(file.results());
                    }
                }
                batch.addAll(results);
                store(db, batch, smart);
                boolean alertsWaiting;
                try (ResultSet row = waiting.executeQuery()) {
                    row.next();
                    alertsWaiting = row.getBoolean(1);
                }
                db.commit();
                return alertsWaiting;
            }
        });
    }

    /**
     * Stores results in the connection's open transaction: raw rows, hourly aggregates, states and
     * incidents, as a probe's own store does (for `webtop record`, which commits them with its
     * Kafka offsets).
     */
    public static void store(Connection db, List<ProbeResult> results, boolean smart) throws SQLException {
        try (PreparedStatement store = db.prepareStatement("SELECT webtop_store_probes(?::jsonb, ?)")) {
            store.setString(1, Json.write(results));
            store.setBoolean(2, smart);
            store.execute();
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
