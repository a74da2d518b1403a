package dev.webtop.kafka;

import dev.webtop.traffic.Checkpoint;
import dev.webtop.traffic.TrafficWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How far each shipped file is stored: the end offset of its last line stored, per file
 * ("host:path identity"), kept in ingest_checkpoints in the transaction of its rows. A line at or
 * before it was sent again by a shipper that crashed before it saved its position, and is skipped.
 * A file's lines come in order, since they are keyed by the file.
 */
final class ShippedLines {
    private static final String PREFIX = "shipped ";

    private final Map<String, Long> stored = new HashMap<>();
    private final Map<String, Long> pending = new HashMap<>();

    /** Whether the line is new; if so it counts as stored once the open transaction commits. */
    boolean fresh(TrafficWriter writer, String origin, long offset) {
        Long last = pending.get(origin);
        if (last == null) {
            last = stored.computeIfAbsent(origin, o -> {
                Checkpoint.FilePosition saved = writer.filePosition(PREFIX + o);
                return saved == null ? -1L : saved.position();
            });
        }
        if (offset <= last) {
            return false;
        }
        pending.put(origin, offset);
        return true;
    }

    /** The checkpoints to commit with the rows. */
    List<Checkpoint> checkpoints() {
        List<Checkpoint> marks = new ArrayList<>();
        pending.forEach((origin, offset) -> marks.add(new Checkpoint.FilePosition(PREFIX + origin, "shipped", offset)));
        return marks;
    }

    void committed() {
        stored.putAll(pending);
        pending.clear();
    }

    /** The transaction did not commit: what it marked was not stored. */
    void abandoned() {
        pending.clear();
    }

    /** Another recorder may have stored lines meanwhile: ask the database again. */
    void forget() {
        pending.clear();
        stored.clear();
    }
}
