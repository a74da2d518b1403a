package dev.webtop.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.webtop.config.DbTarget;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeSpoolTest {

    private static ProbeResult result(String target) {
        return new ProbeResult(Instant.parse("2026-11-23T10:00:00Z"), "lab", target, Outcome.CONNECT_REFUSED,
            "connect", "connection refused", null, null, null, null, null, null, null, 3.5, null, null, 0,
            "127.0.0.1", null, null, null);
    }

    @Test
    void aFileSurvivesTheRoundTripIntactAndOnlyItsOwnerCanReadIt(@TempDir Path dir) throws IOException {
        ProbeSpool spool = new ProbeSpool(dir.resolve("spool"));
        Path written = spool.write(List.of(result("http://a.example/"), result("http://b.example/")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("spool"))));
        List<ProbeSpool.Claimed> claimed = spool.claim();
        assertEquals(1, claimed.size());
        assertEquals(List.of(result("http://a.example/"), result("http://b.example/")), claimed.get(0).results());
        assertEquals(List.of(), new ProbeSpool(dir.resolve("spool")).claim(), "a claimed file belongs to one run");
        spool.release(claimed);
        assertEquals(1, new ProbeSpool(dir.resolve("spool")).claim().size(), "released files can be claimed again");
    }

    @Test
    void aRunThatDiedAfterCommittingDoesNotGetItsFileStoredTwice(@TempDir Path dir) throws IOException {
        DbTarget db = TestDatabase.withPipeline();
        ProbeSpool dying = new ProbeSpool(dir);
        dying.write(List.of(result("http://a.example/")));
        List<ProbeSpool.Claimed> claimed = dying.claim();
        try (ProbeStore store = new ProbeStore(db, false)) {
            store.store(List.of(), claimed);
        }
        // the run dies here, before deleting its claimed file; ten minutes later it is stale
        Files.setLastModifiedTime(claimed.get(0).path(), FileTime.from(Instant.now().minus(20, ChronoUnit.MINUTES)));

        ProbeSpool next = new ProbeSpool(dir);
        List<ProbeSpool.Claimed> again = next.claim();
        assertEquals(1, again.size());
        try (ProbeStore store = new ProbeStore(db, false)) {
            store.store(List.of(), again);
        }
        next.delete(again);

        assertEquals(1, Sql.number(db, "SELECT count(*) FROM probe_results"));
        assertEquals(0, Files.list(dir).count());
    }
}
