package dev.webtop.traffic;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Checkpoints as the database keeps them (ingest_checkpoints), read and saved on a writer's connection. */
final class CheckpointStore {
    private static final String SAVE = "INSERT INTO ingest_checkpoints (source, file_key, position, lines) "
        + "VALUES (?, ?, ?, ?) ON CONFLICT (source) DO UPDATE SET file_key = EXCLUDED.file_key, "
        + "position = EXCLUDED.position, lines = ingest_checkpoints.lines + EXCLUDED.lines, updated_at = now()";
    /** A partition's offset moves only from where the batch began (or from nothing). */
    private static final String ADVANCE = "INSERT INTO ingest_checkpoints (source, file_key, position, lines) "
        + "VALUES (?, 'kafka', ?, ?) ON CONFLICT (source) DO UPDATE SET position = EXCLUDED.position, "
        + "lines = ingest_checkpoints.lines + EXCLUDED.lines, updated_at = now() WHERE ingest_checkpoints.position = ?";
    private static final String LOAD = "SELECT file_key, position FROM ingest_checkpoints WHERE source = ?";

    private final Connection connection;

    CheckpointStore(Connection connection) {
        this.connection = connection;
    }

    /** Saves the checkpoint in the open transaction, counting the rows of the batch it closes. */
    void save(Checkpoint checkpoint, long rows) throws SQLException {
        if (checkpoint instanceof Checkpoint.PartitionOffset offset) {
            advance(offset);
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(SAVE)) {
            statement.setString(1, checkpoint.key());
            if (checkpoint instanceof Checkpoint.FilePosition file) {
                statement.setString(2, file.fileKey());
                statement.setLong(3, file.position());
            } else {
                statement.setString(2, ((Checkpoint.BatchTag) checkpoint).batch());
                statement.setLong(3, 0);
            }
            statement.setLong(4, rows);
            statement.execute();
        }
    }

    private void advance(Checkpoint.PartitionOffset offset) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(ADVANCE)) {
            statement.setString(1, offset.key());
            statement.setLong(2, offset.next());
            statement.setLong(3, offset.next() - offset.from());
            statement.setLong(4, offset.from());
            if (statement.executeUpdate() != 1) {
                throw new OffsetMoved(offset);
            }
        }
    }

    void delete(Checkpoint checkpoint) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM ingest_checkpoints WHERE source = ?")) {
            statement.setString(1, checkpoint.key());
            statement.execute();
        }
    }

    /** The saved checkpoint with the same key, or null. */
    Checkpoint saved(Checkpoint checkpoint) throws SQLException {
        Checkpoint.FilePosition saved = filePosition(checkpoint.key());
        if (saved == null || checkpoint instanceof Checkpoint.FilePosition) {
            return saved;
        }
        return new Checkpoint.BatchTag(saved.file(), saved.fileKey());
    }

    Checkpoint.FilePosition filePosition(String file) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(LOAD)) {
            statement.setString(1, file);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? new Checkpoint.FilePosition(file, row.getString(1), row.getLong(2)) : null;
            }
        }
    }
}
