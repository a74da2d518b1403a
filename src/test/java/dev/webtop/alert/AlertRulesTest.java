package dev.webtop.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.serve.Service;
import dev.webtop.support.Await;
import dev.webtop.support.Cli;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.ProbeRows;
import dev.webtop.support.Receiver;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules about webtop itself: a job failing again and again, a followed access log that stops
 * delivering, the database away from serve. Each fires once and is resolved once.
 */
class AlertRulesTest {
    private DbTarget db;
    private Receiver hook;

    @TempDir
    Path dir;

    @BeforeEach
    void databaseAndReceiver() throws IOException {
        db = TestDatabase.withPipeline();
        hook = Receiver.start();
        ok("alert", "channel", "add", "hook", "--webhook", hook.url("/in"));
    }

    @AfterEach
    void stopReceiver() {
        hook.close();
    }

    private Run webtop(String... args) {
        return Cli.isolated().on(db, args);
    }

    private void ok(String... args) {
        Run run = webtop(args);
        assertEquals(0, run.exitCode(), run.toString());
    }

    private List<String> events() {
        return Sql.rows(db, "SELECT event || ' ' || subject FROM alert_outbox ORDER BY id").stream()
            .map(row -> row.get(0)).toList();
    }

    @Test
    void aJobFailingThreeTimesInARowFiresOnceAndItsNextSuccessResolvesIt() {
        Sql.execute(db, "CREATE TABLE flaky_switch (failing boolean NOT NULL)");
        Sql.execute(db, "INSERT INTO flaky_switch VALUES (true)");
        Sql.execute(db, "CREATE PROCEDURE flaky_job(job_id integer, config jsonb) LANGUAGE plpgsql AS $$ BEGIN "
            + "IF (SELECT failing FROM flaky_switch) THEN RAISE EXCEPTION 'the flaky job fails'; END IF; END $$");
        ok("alert", "add", "job", "--job", "flaky", "--failures", "3", "--channel", "hook");
        Sql.execute(db, "SELECT webtop_schedule_job('flaky', 'core', 'flaky_job', INTERVAL '1 second')");
        try {
            Await.until("two failures in a row", Duration.ofSeconds(30),
                () -> Sql.number(db, "SELECT failures_in_a_row FROM webtop_jobs WHERE name = 'flaky'") == 2);
            Sql.execute(db, "SELECT webtop_evaluate_alerts()");
            assertEquals(List.of(), events(), "two are not three");
            Await.until("three failures in a row", Duration.ofSeconds(30),
                () -> Sql.number(db, "SELECT failures_in_a_row FROM webtop_jobs WHERE name = 'flaky'") >= 3);
            Sql.execute(db, "SELECT webtop_evaluate_alerts()");
            Sql.execute(db, "SELECT webtop_evaluate_alerts()");
            assertEquals(List.of("firing flaky"), events(), "once, however often it is looked at");
            assertTrue(Sql.value(db, "SELECT summary FROM alert_outbox").startsWith("job flaky failed "));

            Sql.execute(db, "UPDATE flaky_switch SET failing = false");
            Await.until("a success", Duration.ofSeconds(30),
                () -> Sql.number(db, "SELECT failures_in_a_row FROM webtop_jobs WHERE name = 'flaky'") == 0);
            Sql.execute(db, "SELECT webtop_evaluate_alerts()");
            assertEquals(List.of("firing flaky", "resolved flaky"), events());
        } finally {
            Sql.execute(db, "SELECT webtop_unschedule_job('flaky')");
        }
    }

    @Test
    void aFollowedLogThatDeliversNothingForItsQuietTimeFiresAndNewLinesResolveIt() throws IOException {
        Path log = dir.resolve("access.log");
        String line = "203.0.113.9 - - [29/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 512 \"-\" \"curl/8\"\n";
        Files.writeString(log, line);
        ok("ingest", "access-log", log.toString(), "--domain", "site.example");
        ok("alert", "add", "source", "--source", log.toString(), "--quiet", "10m", "--channel", "hook");

        Sql.execute(db, "SELECT webtop_evaluate_alerts(now() + INTERVAL '9 minutes')");
        assertEquals(List.of(), events(), "quiet for less than 10 minutes");
        Sql.execute(db, "SELECT webtop_evaluate_alerts(now() + INTERVAL '11 minutes')");
        assertEquals(List.of("firing " + log), events());

        Files.writeString(log, line + line);
        ok("ingest", "access-log", log.toString(), "--domain", "site.example");
        Sql.execute(db, "SELECT webtop_evaluate_alerts()");
        assertEquals(List.of("firing " + log, "resolved " + log), events());
    }

    @Test
    void serveTellsTheDatabaseAwayOnceItsQuietTimeHasPassedAndBackWhenItAnswers() {
        ok("alert", "add", "database", "--quiet", "10s", "--channel", "hook");
        DbTarget maintenance = db.withDatabase("postgres");
        String name = "\"" + db.database() + "\"";
        try (Service service = Service.start(db, Service.Options.on(0), m -> { }, m -> { })) {
            sleep(6000);   // a look or two while the database answers
            Sql.execute(maintenance, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
            Sql.execute(maintenance, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                + db.database() + "'");
            List<Receiver.Request> away = hook.await(1, Duration.ofSeconds(30));
            assertTrue(away.get(0).body().contains("\"event\":\"firing\""), away.get(0).body());
            assertTrue(away.get(0).body().contains("\"kind\":\"database\""), away.get(0).body());
            sleep(6000);
            assertEquals(1, hook.requests().size(), "once while it lasts");

            Sql.execute(maintenance, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
            List<Receiver.Request> back = hook.await(2, Duration.ofSeconds(20));
            assertTrue(back.get(1).body().contains("\"event\":\"resolved\""), back.get(1).body());
            Await.until("both kept in the outbox", Duration.ofSeconds(10),
                () -> Sql.number(db, "SELECT count(*) FROM alert_outbox WHERE kind = 'database' AND state = 'sent'") == 2);
        } finally {
            Sql.execute(maintenance, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
        }
    }

    @Test
    void aReminderRepeatsAFiringAlertAtItsIntervalAndNoMoreOften() {
        ok("alert", "add", "down", "--remind", "1m", "--channel", "hook");
        ProbeRows.store(db, "SELECT now() - g * INTERVAL '20 seconds' AS time, 'lab' AS location, "
            + "'https://remind.example/' AS target, 'http_status' AS outcome, true AS responsive, 5 AS total_ms "
            + "FROM generate_series(1, 2) g");
        Sql.execute(db, "SELECT webtop_evaluate_alerts(now() + INTERVAL '30 seconds')");
        Sql.execute(db, "SELECT webtop_evaluate_alerts(now() + INTERVAL '61 seconds')");
        Sql.execute(db, "SELECT webtop_evaluate_alerts(now() + INTERVAL '90 seconds')");
        assertEquals(List.of("firing https://remind.example/", "reminder https://remind.example/"), events());
        assertTrue(Sql.value(db, "SELECT summary FROM alert_outbox WHERE event = 'reminder'")
            .startsWith("still firing after 1 min: https://remind.example/ is down from lab: http_status"));
    }

    @Test
    void threeSlowChecksInARowFireTheSlowRuleEvenAcrossPassesAndAFastOneResolvesIt() {
        ok("alert", "add", "slow", "--target", "https://slow.example", "--checks", "3", "--channel", "hook");
        String checks = "SELECT now() - INTERVAL '10 minutes' + INTERVAL '%d minutes' + g * INTERVAL '1 second' AS time, "
            + "'lab' AS location, 'https://slow.example/' AS target, (ARRAY[%s])[g] AS outcome, true AS responsive, "
            + "900 + g AS total_ms FROM generate_series(1, %d) g";
        ProbeRows.store(db, checks.formatted(0, "'degraded', 'ok', 'degraded', 'degraded'", 4));
        assertEquals(List.of(), events(), "two in a row");
        ProbeRows.store(db, checks.formatted(1, "'degraded'", 1));
        assertEquals(List.of("firing https://slow.example/"), events(), "the third in a row, in the next pass");
        assertEquals("https://slow.example/ is slow: its last 3 checks from lab were over the latency limit (last 901 ms)",
            Sql.value(db, "SELECT summary FROM alert_outbox"));
        ProbeRows.store(db, checks.formatted(2, "'ok'", 1));
        assertEquals(List.of("firing https://slow.example/", "resolved https://slow.example/"), events());
    }

    @Test
    void aBurstFiresWhileTheLastMinuteIsFarAboveItsUsualAndIsResolvedAfter() {
        Await.clearOfMinuteEnd(Duration.ofSeconds(15));
        StringBuilder sql = new StringBuilder();
        for (int ago = 1; ago <= 11; ago++) {
            sql.append("INSERT INTO logs (time, domain) SELECT time_bucket('1 minute', now()) - INTERVAL '").append(ago)
                .append(" minutes' + INTERVAL '30 seconds', 'burst.example' FROM generate_series(1, ")
                .append(ago == 1 ? 40 : 10).append(");");
        }
        Sql.insertLogs(db, sql.toString());
        ok("alert", "add", "burst", "--domain", "burst.example", "--channel", "hook");
        Sql.execute(db, "SELECT webtop_evaluate_alerts()");
        assertEquals(List.of("firing burst.example"), events());
        assertEquals("burst.example bursts: 40 page views in the last minute, against a usual 10.0 a minute",
            Sql.value(db, "SELECT summary FROM alert_outbox"));
        Sql.execute(db, "SELECT webtop_evaluate_alerts(now() + INTERVAL '2 minutes')");
        assertEquals(List.of("firing burst.example", "resolved burst.example"), events());
    }

    @Test
    void aDarkRuleForEveryDomainWatchesRealVisitorsNotSyntheticLoad() throws IOException {
        ok("generate", "--rate", "max", "--count", "200", "--seed", "3");
        Path file = Files.writeString(dir.resolve("visits.json"),
            "{\"visited.example/\": {\"" + Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS) + "\": 4}}");
        ok("generate", "--from-json", file.toString());
        ok("alert", "add", "dark", "--quiet", "1m", "--channel", "hook");
        Sql.execute(db, "SELECT webtop_evaluate_alerts(now() + INTERVAL '10 minutes')");
        assertEquals(List.of("firing visited.example"), events(), "the generated domains are quiet too, and left out");
    }

    @Test
    void anHourFarBelowTheSameHourOfEarlierWeeksGoesDark() throws IOException {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        StringBuilder views = new StringBuilder("{\"weekly.example/\": {");
        for (int week = 1; week <= 4; week++) {
            views.append('"').append(hour.minus(7L * week, ChronoUnit.DAYS).plusSeconds(600)).append("\": 100, ");
        }
        views.append('"').append(hour.plusSeconds(600)).append("\": 10}}");
        Path file = Files.writeString(dir.resolve("weeks.json"), views);
        ok("generate", "--from-json", file.toString());
        ok("alert", "add", "dark", "--domain", "weekly.example", "--below", "50", "--channel", "hook");
        String at = "'" + hour.plus(65, ChronoUnit.MINUTES) + "'::timestamptz";
        Sql.execute(db, "SELECT webtop_evaluate_alerts(" + at + ")");
        assertEquals(List.of("firing weekly.example"), events());
        assertTrue(Sql.value(db, "SELECT summary FROM alert_outbox").matches(
            "weekly\\.example had 10 page views from \\w{3} \\d\\d:00 to \\d\\d:00 UTC, 10 % of the usual 100 for "
                + "that hour of the week"), Sql.value(db, "SELECT summary FROM alert_outbox"));

        Files.writeString(file, "{\"weekly.example/\": {\"" + hour.plusSeconds(900) + "\": 60}}");
        ok("generate", "--from-json", file.toString());
        Sql.execute(db, "SELECT webtop_evaluate_alerts(" + at + ")");
        assertEquals(List.of("firing weekly.example", "resolved weekly.example"), events(), "70 of 100 is over half");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
