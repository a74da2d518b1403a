package dev.webtop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.support.Cli;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imported history: what retention keeps is said before anything is written, and late lines count at once. */
class IngestHistoryTest {
    private static final DateTimeFormatter APACHE = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    private DbTarget db;

    @BeforeEach
    void database() {
        db = TestDatabase.withPipeline();
    }

    private Run ingest(String... args) {
        List<String> all = new ArrayList<>(List.of("ingest", "access-log", "--domain", "history.example"));
        all.addAll(List.of(args));
        all.add("--db-url");
        all.add(TestDatabase.url(db));
        return Cli.isolated().run(all.toArray(String[]::new));
    }

    /** `count` combined-format lines, one every `step`, the last `ago` before now. */
    private static Path log(Path dir, Duration ago, Duration step, int count) throws Exception {
        ZonedDateTime last = ZonedDateTime.now(ZoneOffset.UTC).minus(ago);
        StringBuilder lines = new StringBuilder();
        for (int i = count - 1; i >= 0; i--) {
            lines.append("198.51.100.").append(i % 200).append(" - - [").append(APACHE.format(last.minus(step.multipliedBy(i))))
                .append("] \"GET /page/").append(i % 7).append(" HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0 Firefox/128.0\"\n");
        }
        Path log = dir.resolve("access.log");
        Files.writeString(log, lines);
        return log;
    }

    @Test
    void aLogOlderThanAnythingKeptIsSaidToBeUpFrontAndCanBeReadAgainOnceRetentionIsRaised(@TempDir Path dir) throws Exception {
        Path log = log(dir, Duration.ofDays(400), Duration.ofMinutes(1), 60);
        Run first = ingest(log.toString());
        assertEquals(0, first.exitCode(), first.toString());
        assertTrue(first.out().startsWith("60 lines read, 0 rows stored"), first.out());
        assertTrue(first.err().contains("60 lines from before"), "said before writing: " + first.err());
        assertTrue(first.out().contains("raise retention.stats_1d (now 90 days) and retention.page_hourly (now 1 year)"),
            first.out());
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM logs"), "nothing stored that retention would drop unseen");

        Sql.execute(db, "SELECT webtop_set_setting('retention.stats_1d', '2 years'), "
            + "webtop_set_setting('retention.page_hourly', '2 years')");
        assertTrue(ingest(log.toString()).out().startsWith("0 lines read"), "the checkpoint remembers the file");
        Run again = ingest("--from-start", log.toString());
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.out().startsWith("60 lines read, 60 rows stored"), again.out());
        assertTrue(again.err().contains("raw rows none (retention.raw 1 hour)"), again.err());
        assertTrue(again.out().contains("daily stats all (retention.stats_1d 2 years), page views per hour all"),
            again.out());
        assertEquals("60", Sql.value(db, "SELECT sum(hits) FROM domain_stats_1d WHERE domain = 'history.example'"));
        assertEquals("60", Sql.value(db, "SELECT sum(views) FROM page_hourly WHERE domain = 'history.example'"));
        // and the reports show its days
        String day = Sql.value(db, "SELECT (min(time) AT TIME ZONE 'UTC')::date FROM logs");
        String next = Sql.value(db, "SELECT (max(time) AT TIME ZONE 'UTC')::date + 1 FROM logs");
        Run stats = Cli.isolated().run("stats", "--from", day, "--to", next, "--domain", "history.example", "--json",
            "--db-url", TestDatabase.url(db));
        assertTrue(stats.out().contains("\"total\":60"), stats.toString());
        Run hourly = Cli.isolated().run("report", "hourly", "--page", "history.example/page/0", "--from", day, "--to", next,
            "--csv", "--db-url", TestDatabase.url(db));
        assertEquals(60 / 7 + 1, hourly.out().lines().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[2])).sum(),
            hourly.toString());
    }

    @Test
    void lateLinesAreInEveryAggregateWhenTheIngestEnds(@TempDir Path dir) throws Exception {
        Sql.execute(db, "CALL webtop_refresh_aggregates()");
        Path log = log(dir, Duration.ofSeconds(5), Duration.ofSeconds(4), 600);   // the last 40 minutes
        Run run = ingest(log.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.err().contains("raw rows all (retention.raw 1 hour)"), run.err());
        for (String level : List.of("domain_stats_1m", "domain_stats_10m", "domain_stats_1d")) {
            assertEquals("600", Sql.value(db, "SELECT sum(hits) FROM " + level + " WHERE domain = 'history.example'"), level);
        }
    }
}
