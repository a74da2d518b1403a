package dev.webtop.db;

import dev.webtop.base.Background;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A connection made in the background while other work goes on, so that a short run (a cron
 * probe of one URL) does not wait for the login after its work. A database that cannot be
 * reached is reported when the connection is first used, as exit 3.
 */
public final class PendingConnection implements AutoCloseable {
    private record Connected(DbTarget target, Connection connection) {
    }

    private final CompletableFuture<Connected> connected;

    private PendingConnection(Supplier<DbTarget> target) {
        this.connected = Background.supply("webtop-connect", () -> {
            DbTarget resolved = target.get();
            return new Connected(resolved, Database.connect(resolved));
        });
    }

    /** Starts connecting at once to the database the supplier names (asked in the background too). */
    public static PendingConnection start(Supplier<DbTarget> target) {
        return new PendingConnection(target);
    }

    /** Waits for the connection and runs work on it; failures are reported as Database.failure says. */
    public <T> T run(SqlWork<T> work) {
        Connected db = connected();
        try {
            return work.run(db.connection());
        } catch (SQLException e) {
            throw Database.failure(db.target(), e);
        }
    }

    /** Waits until the connection is made or has failed, without reporting which. */
    public void settle() {
        try {
            connected.join();
        } catch (CompletionException e) {
            // reported when the connection is first used
        }
    }

    private Connected connected() {
        try {
            return connected.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebtopException cause) {
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
