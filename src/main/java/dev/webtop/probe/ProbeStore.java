package dev.webtop.probe;

import dev.webtop.base.Json;
import dev.webtop.config.DbTarget;
import dev.webtop.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Hands results to webtop_store_probes() (raw rows, hourly aggregates, states and incidents), this
 * run's and those of spool files, in one transaction and one round trip for the lot. It connects
 * while the checks run, so that a cron run of one URL does not wait for the login afterwards.
 */
public final class ProbeStore implements AutoCloseable {
    private record Connected(DbTarget target, Connection connection) {
    }

    private final CompletableFuture<Connected> connected;
    private final boolean smart;

    /**
     * Starts connecting at once. In smart mode a run of healthy checks is kept as one row (the
     * aggregates still count each).
     */
    public ProbeStore(Supplier<DbTarget> target, boolean smart) {
        this.smart = smart;
        this.connected = CompletableFuture.supplyAsync(() -> {
            DbTarget resolved = target.get();
            Connection connection = Database.connect(resolved);
            Json.write(List.of());   // loads the JSON writer meanwhile too
            return new Connected(resolved, connection);
        });
    }

    public ProbeStore(DbTarget target, boolean smart) {
        this(() -> target, smart);
    }

    /**
     * Stores this run's results and those of spool files; a spool file the database has already
     * applied is skipped, so each is stored exactly once.
     */
    public void store(List<ProbeResult> results, List<ProbeSpool.Claimed> spooled) {
        Connected db = connected();
        Connection connection = db.connection();
        try (PreparedStatement applied = connection.prepareStatement(
                 "INSERT INTO probe_spool_applied (file_id, results) VALUES (?, ?) ON CONFLICT DO NOTHING");
             PreparedStatement store = connection.prepareStatement("SELECT webtop_store_probes(?::jsonb, ?)")) {
            connection.setAutoCommit(false);
            List<ProbeResult> batch = new ArrayList<>();
            for (ProbeSpool.Claimed file : spooled) {
                applied.setString(1, file.id());
                applied.setInt(2, file.results().size());
                if (applied.executeUpdate() == 1) {
                    batch.addAll(file.results());
                }
            }
            batch.addAll(results);
            store.setString(1, Json.write(batch));
            store.setBoolean(2, smart);
            store.execute();
            connection.commit();
        } catch (SQLException e) {
            throw Database.failure(db.target(), e);
        }
    }

    private Connected connected() {
        try {
            return connected.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        connected.thenAccept(db -> {
            try {
                db.connection().close();
            } catch (SQLException e) {
                // closing a connection we are done with: nothing to do about it
            }
        });
    }
}
