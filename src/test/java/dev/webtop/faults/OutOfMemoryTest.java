package dev.webtop.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import dev.webtop.support.TestPaths;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A heap too small for the work: webtop says so in one line and fails, and what it stored is
 * whole (rows and the file position agree), so a rerun with more heap goes on from there.
 */
class OutOfMemoryTest {
    @TempDir
    Path dir;

    @Test
    void anIngestOutOfMemoryFailsInOneLineAndKeepsRowsAndPositionTogether() throws Exception {
        DbTarget db = TestDatabase.withPipeline();
        Path log = dir.resolve("access.log");
        DateTimeFormatter format = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
        Instant start = Instant.now().minusSeconds(1800);
        try (BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 200_000; i++) {
                String time = format.format(start.plusSeconds(i / 200).atZone(ZoneOffset.UTC));
                out.write("10.0." + (i % 250) + "." + (i % 199) + " - - [" + time + "] \"GET /page/" + (i % 5000)
                    + "?q=" + i + " HTTP/1.1\" 200 " + (500 + i % 900) + " \"https://ref.example/" + (i % 77)
                    + "\" \"Mozilla/5.0 (X11; Linux x86_64) Firefox/13" + (i % 10) + ".0\"\n");
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx40m", "-cp", System.getProperty("java.class.path"),
                "dev.webtop.Webtop", "ingest", "access-log", "--domain", "oom.example", "--db-url", TestDatabase.url(db),
                log.toString()))
            .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile())
            .directory(TestPaths.projectRoot().toFile()).start();
        assertTrue(process.waitFor(3, TimeUnit.MINUTES));
        String err = Files.readString(dir.resolve("err"));

        assertEquals(4, process.exitValue(), err);
        assertTrue(err.lines().anyMatch(line -> line.startsWith("webtop: out of memory")), err);
        assertTrue(err.lines().noneMatch(line -> line.startsWith("\tat ")), "no stack trace: " + err);
        long rows = Sql.number(db, "SELECT count(*) FROM logs WHERE domain = 'oom.example'");
        long lines = Sql.number(db, "SELECT coalesce(sum(lines), 0) FROM ingest_checkpoints");
        assertEquals(lines, rows, "the rows stored are the lines the position passed");
        assertTrue(rows < 200_000, "it did run out: " + rows + " rows");
    }
}
