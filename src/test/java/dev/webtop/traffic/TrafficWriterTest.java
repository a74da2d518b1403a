package dev.webtop.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one write path: rows, their bookkeeping and a checkpoint land together or not at all. */
class TrafficWriterTest {
    private static final long HOUR = 1_800_000_000L * 1_000_000L / 3_600_000_000L * 3_600_000_000L;
    private static DbTarget db;

    @BeforeAll
    static void database() {
        db = TestDatabase.withPipeline();
    }

    @BeforeEach
    void empty() {
        Sql.execute(db, "TRUNCATE logs, page_hourly, domain_sources, domain_live, ingest_checkpoints");
    }

    /** Page views of a.example (two paths, one bot), a click, and b.example, in one hour. */
    private static LogBatch batch(Source source) {
        LogBatch batch = new LogBatch(source, 8);
        byte[] a = LogBatch.utf8("a.example");
        byte[] home = LogBatch.utf8("/home");
        for (int i = 0; i < 3; i++) {
            batch.add(HOUR + i * 1_000_000L, a, home);
        }
        int bot = batch.add(HOUR + 4_000_000L, a, LogBatch.utf8("/about"));
        batch.botRule[bot] = LogBatch.BOT_USER_AGENT;
        int click = batch.add(HOUR + 5_000_000L, a, home);
        batch.eventType(click, LogBatch.utf8("click"));
        batch.add(HOUR + 6_000_000L, LogBatch.utf8("b.example"), LogBatch.utf8("/"));
        return batch;
    }

    @Test
    void aBatchAndItsCheckpointAreCommittedTogetherWithTheBookkeeping() {
        Checkpoint.FilePosition position = new Checkpoint.FilePosition("/var/log/site.log", "(dev=1,ino=2)", 4096);
        try (TrafficWriter writer = new TrafficWriter(db)) {
            assertNull(writer.filePosition("/var/log/site.log"));
            assertEquals(6, writer.write(LogSlice.all(batch(Source.ACCESS_LOG)), position));
            assertEquals(position, writer.filePosition("/var/log/site.log"));
            assertTrue(writer.landed(position));
            assertFalse(writer.landed(new Checkpoint.FilePosition("/var/log/site.log", "(dev=1,ino=2)", 8192)));
        }
        assertEquals(List.of(List.of("6", "6")), Sql.rows(db,
            "SELECT count(*)::text, (SELECT lines::text FROM ingest_checkpoints) FROM logs WHERE source = 'access_log'"));
        assertEquals(List.of(List.of("a.example", "/about", "0", "1"), List.of("a.example", "/home", "3", "0"),
                List.of("b.example", "/", "1", "0")),
            Sql.rows(db, "SELECT domain, path, views::text, bot_views::text FROM page_hourly ORDER BY 1, 2"),
            "page views per page and hour, bots apart, the click left out");
        assertEquals(List.of(List.of("a.example", "access_log"), List.of("b.example", "access_log")),
            Sql.rows(db, "SELECT domain, source FROM domain_sources ORDER BY 1"));
    }

    @Test
    void anEmptyBatchStillMovesItsCheckpoint() {
        try (TrafficWriter writer = new TrafficWriter(db)) {
            writer.write(LogSlice.all(new LogBatch(Source.ACCESS_LOG, 0)),
                new Checkpoint.FilePosition("/var/log/site.log", "(dev=1,ino=2)", 0));
            assertEquals(0, writer.filePosition("/var/log/site.log").position());
        }
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM logs"));
    }

    @Test
    void slicesAppendedShowNothingUntilCommittedAndNothingAtAllWhenTheWriterIsClosedBefore() {
        try (TrafficWriter writer = new TrafficWriter(db)) {
            writer.append(LogSlice.all(batch(Source.CLIENT)));
            writer.append(new LogSlice(batch(Source.CLIENT), 0, 2));
            assertEquals(0, Sql.number(db, "SELECT count(*) FROM logs"), "not before commit");
            writer.commit();
            writer.append(LogSlice.all(batch(Source.CLIENT)));
        }
        assertEquals(8, Sql.number(db, "SELECT count(*) FROM logs"), "the uncommitted slice is gone with its writer");
        assertEquals(6, Sql.number(db, "SELECT sum(views) FROM page_hourly"), "4 of the batch and 2 of the slice");
    }

    @Test
    void aDatabaseThatCannotBeReachedIsExit3BeforeAnythingIsWritten() {
        DbTarget nowhere = new DbTarget("127.0.0.1", 9, "website_tracker", "postgres", null);
        WebtopException e = assertThrows(WebtopException.class, () -> new TrafficWriter(nowhere));
        assertEquals(3, e.exitCode());
    }
}
