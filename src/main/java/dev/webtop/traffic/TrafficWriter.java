package dev.webtop.traffic;

import dev.webtop.config.DbTarget;
import dev.webtop.db.Database;
import dev.webtop.db.SqlWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * The one write path into `logs`: a connection that writes batches, each a binary COPY plus the
 * bookkeeping every writer owes its rows (figures, visitors and breakdowns), committed together
 * with an optional checkpoint. A count reported after a commit is exactly what the table holds,
 * and a restart resumes exactly where the last commit left off.
 */
public final class TrafficWriter implements RowSink {
    private static final String COPY = "COPY logs (" + BinaryCopy.COLUMNS + ") FROM STDIN (FORMAT binary)";

    private final DbTarget target;
    private final Connection connection;
    private final CopyManager copies;
    private final Bookkeeping bookkeeping;
    private final Breakdowns breakdowns;
    private final CheckpointStore checkpoints;
    private final BinaryCopy encoder = new BinaryCopy();
    private final Aggregates aggregates = new Aggregates();
    private boolean pending;   // rows appended and not yet committed

    public TrafficWriter(DbTarget target) {
        this.target = target;
        this.connection = Database.connect(target);
        try {
            connection.setAutoCommit(false);
            copies = connection.unwrap(PGConnection.class).getCopyAPI();
            bookkeeping = new Bookkeeping(connection);
            breakdowns = new Breakdowns(connection, copies);
            checkpoints = new CheckpointStore(connection);
        } catch (SQLException e) {
            close();
            throw Database.failure(target, e);
        }
    }

    /** Writes a slice in a transaction of its own and returns the rows committed. */
    public long write(LogSlice slice) {
        long rows = append(slice);
        commit();
        return rows;
    }

    /** Writes a slice and the checkpoint after it in one transaction; returns the rows committed. */
    @Override
    public long write(LogSlice slice, Checkpoint checkpoint) {
        long rows = append(slice);
        commit(checkpoint, slice.to() - slice.from());
        return rows;
    }

    /** Writes a slice into the open transaction; nothing is visible before commit(). */
    public long append(LogSlice slice) {
        if (slice.to() == slice.from()) {
            return 0;
        }
        if (!pending) {
            breakdowns.begin();
        }
        pending = true;
        try {
            long rows = copy(slice);
            aggregates.add(bookkeeping.record(slice));
            breakdowns.record(slice);
            return rows;
        } catch (SQLException e) {
            throw Database.failure(target, e);
        }
    }

    /** Commits the open transaction; every aggregate level counts its rows when this returns. */
    public void commit() {
        try {
            connection.commit();
            pending = false;
            breakdowns.committed();
            aggregates.catchUp(connection);
        } catch (SQLException e) {
            throw Database.failure(target, e);
        }
    }

    /** Commits the open transaction with the checkpoint after its rows (that many of them). */
    public void commit(Checkpoint checkpoint, long rows) {
        try {
            checkpoints.save(checkpoint, rows);
        } catch (SQLException e) {
            throw Database.failure(target, e);
        }
        commit();
    }

    /**
     * Commits the open transaction with the checkpoints of every input its rows came from (Kafka
     * partitions); OffsetMoved, after a rollback, when another reader stored one of them first.
     */
    public void commit(List<? extends Checkpoint> after) {
        try {
            for (Checkpoint checkpoint : after) {
                checkpoints.save(checkpoint, 0);
            }
        } catch (SQLException e) {
            throw Database.failure(target, e);
        } catch (OffsetMoved e) {
            rollback();
            throw e;
        }
        commit();
    }

    /** Abandons the open transaction: nothing of it is stored. */
    public void rollback() {
        try {
            pending = false;
            connection.rollback();
            breakdowns.begin();
        } catch (SQLException e) {
            throw Database.failure(target, e);
        }
    }

    /** Runs more work in the open transaction (rows of other tables that commit with these). */
    public <T> T within(SqlWork<T> work) {
        if (!pending) {
            breakdowns.begin();
        }
        pending = true;
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw Database.failure(target, e);
        }
    }

    /** The stored offset of a Kafka partition (the next message to read), or null when none is. */
    public Long offset(String topic, int partition) {
        Checkpoint.FilePosition saved = read(connection ->
            checkpoints.filePosition(Checkpoint.PartitionOffset.key(topic, partition)));
        return saved == null ? null : saved.position();
    }

    /** Where an access log was left, or null when it was never read. */
    public Checkpoint.FilePosition filePosition(String file) {
        return read(connection -> checkpoints.filePosition(file));
    }

    /** Whether the database holds exactly this checkpoint: the batch it closes was committed. */
    public boolean landed(Checkpoint checkpoint) {
        return read(connection -> checkpoint.equals(checkpoints.saved(checkpoint)));
    }

    /** Deletes a checkpoint that is no longer needed (a finished run's batch tag). */
    public void forget(Checkpoint checkpoint) {
        read(connection -> {
            checkpoints.delete(checkpoint);
            return null;
        });
    }

    /** How long what this writer stores is kept. */
    public Retention retention() {
        return read(Retention::read);
    }

    /** The installation's secret for hashing visitors (see webtop_salt). */
    public String visitorSalt() {
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT secret FROM webtop_salt");
                 ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        });
    }

    /**
     * A read on the writer's connection. Outside a batch it ends the transaction it opened, so
     * that none is left open while a writer waits for input.
     */
    private <T> T read(SqlWork<T> query) {
        try {
            T value = query.run(connection);
            if (!pending) {
                connection.commit();
            }
            return value;
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

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // the run is over either way
        }
    }
}
