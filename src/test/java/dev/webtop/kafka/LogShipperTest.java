package dev.webtop.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.support.Await;
import dev.webtop.support.Cli;
import dev.webtop.support.KafkaBroker;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import dev.webtop.support.WebtopProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ingest access-log --follow --kafka`, a log shipper: killed with kill -9 and started again, and
 * even with its saved positions lost, every line of the log is stored once by `record`, with the
 * same figures a direct ingest of the file gives.
 */
class LogShipperTest {
    private static final DateTimeFormatter APACHE = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    private static final String FIGURES = "SELECT count(*), count(DISTINCT path), count(DISTINCT user_id), "
        + "count(DISTINCT session_id), sum(bytes), count(*) FILTER (WHERE status = 404), "
        + "count(*) FILTER (WHERE bot_rule = 'user_agent'), count(DISTINCT browser) FROM logs";
    @TempDir
    Path dir;

    @Test
    void everyLineIsStoredOnceThoughTheShipperIsKilledAndLosesItsPositions() throws Exception {
        DbTarget db = TestDatabase.withPipeline();
        KafkaBroker.Topics topics = KafkaBroker.topics(dir);
        Path log = dir.resolve("access.log");
        Files.createFile(log);
        Map<String, String> env = Map.of("WEBTOP_HOME", dir.resolve("shipper").toString());
        String[] follow = {"ingest", "access-log", "--follow", "--domain", "ship.example", "--batch-size", "40",
            "--kafka", KafkaBroker.brokers(), "--kafka-config", topics.config().toString(), "--db-url", TestDatabase.url(db),
            log.toString()};

        WebtopProcess shipper = WebtopProcess.start(dir, "shipper-1", env, follow);
        append(log, 0, 300);
        Await.until("the first lines shipped", Duration.ofSeconds(60), () -> KafkaBroker.messages(topics.traffic()) >= 300);
        append(log, 300, 400);
        shipper.kill();
        try (var positions = Files.list(dir.resolve("shipper/kafka-positions"))) {
            positions.forEach(file -> file.toFile().delete());   // as if the shipper died before saving them
        }
        append(log, 400, 600);
        WebtopProcess again = WebtopProcess.start(dir, "shipper-2", env, follow);
        Await.until("the rest shipped", Duration.ofSeconds(60), () -> KafkaBroker.messages(topics.traffic()) >= 900);
        again.terminate();
        again.await(30);
        long sent = KafkaBroker.messages(topics.traffic());
        assertTrue(sent >= 900, "the first 300 or more lines went twice: " + sent);
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM logs"), "a shipper writes nothing to the database");

        WebtopProcess recorder = WebtopProcess.start(dir, "record", Map.of(), "record", "--kafka", KafkaBroker.brokers(),
            "--kafka-config", topics.config().toString(), "--db-url", TestDatabase.url(db));
        Await.until("every line recorded", Duration.ofSeconds(60),
            () -> Sql.number(db, "SELECT coalesce(sum(lines), 0) FROM ingest_checkpoints WHERE source LIKE 'kafka %'") == sent);
        recorder.terminate();
        Cli.Run run = recorder.await(30);
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("; " + (sent - 600) + " log lines shipped twice, stored once"), run::toString);
        List<List<String>> shipped = Sql.rows(db, FIGURES);
        assertEquals("600", shipped.get(0).get(0));

        DbTarget direct = TestDatabase.withPipeline();
        Cli.Run ingested = Cli.isolated().on(direct, "ingest", "access-log", "--domain", "ship.example", log.toString());
        assertEquals(0, ingested.exitCode(), ingested::toString);
        assertEquals(Sql.rows(direct, FIGURES), shipped, "the figures of a direct ingest");
    }

    /** Lines from, to: a few visitors and browsers, some 404s, the odd crawler. */
    private static void append(Path log, int from, int to) throws Exception {
        String time = APACHE.format(ZonedDateTime.now(ZoneOffset.UTC));
        StringBuilder lines = new StringBuilder();
        for (int i = from; i < to; i++) {
            String agent = i % 10 == 0 ? "Googlebot/2.1 (+http://www.google.com/bot.html)"
                : i % 3 == 0 ? "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
                : "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";
            lines.append("203.0.113.").append(i % 17).append(" - - [").append(time).append("] \"GET /page/").append(i % 50)
                .append(" HTTP/1.1\" ").append(i % 13 == 0 ? 404 : 200).append(' ').append(100 + i)
                .append(" \"-\" \"").append(agent).append("\"\n");
        }
        Files.writeString(log, lines, StandardOpenOption.APPEND);
    }
}
