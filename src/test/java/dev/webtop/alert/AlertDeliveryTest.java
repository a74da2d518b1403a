package dev.webtop.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.serve.Service;
import dev.webtop.support.Cli;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.HttpCalls;
import dev.webtop.support.ProbeRows;
import dev.webtop.support.Receiver;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts from the state change to the receiver: real HTTP receivers and a real SMTP server on
 * loopback, the real command line, a real database. Exactly once per channel, in order, through
 * a receiver's absence, a lost database and two dispatchers at once.
 */
class AlertDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DbTarget db;
    private Receiver hook;

    @TempDir
    Path dir;

    @BeforeEach
    void databaseAndReceiver() throws IOException {
        db = TestDatabase.withPipeline();
        hook = Receiver.start();
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

    /** Checks of one target from one location, a second apart from `second` on: each outcome one check. */
    private void checks(String target, String location, int second, String... outcomes) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < outcomes.length; i++) {
            sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT now() - INTERVAL '10 minutes' + INTERVAL '")
                .append(second + i).append(" seconds' AS time, '").append(location).append("' AS location, '")
                .append(target).append("' AS target, '").append(outcomes[i])
                .append("' AS outcome, true AS responsive, 5 AS total_ms, 'check ").append(second + i).append("' AS detail");
        }
        ProbeRows.store(db, sql.toString());
    }

    private static JsonNode json(Receiver.Request request) {
        try {
            return JSON.readTree(request.body());
        } catch (IOException e) {
            throw new AssertionError(request.body(), e);
        }
    }

    private List<String> events(List<Receiver.Request> requests) {
        return requests.stream().map(r -> json(r).path("event").asText() + " " + json(r).path("subject").asText()).toList();
    }

    private long outbox(String state) {
        return Sql.number(db, "SELECT count(*) FROM alert_outbox WHERE state = '" + state + "'");
    }

    @Test
    void aTargetDownAndUpAgainSendsOneDownAndOneResolvedToEachChannel() throws Exception {
        Receiver site = Receiver.start();
        Receiver chat = Receiver.start();
        GreenMail smtp = new GreenMail(new ServerSetup(Receiver.freePort(), "127.0.0.1", "smtp"));
        smtp.start();
        try {
            Path secret = Files.writeString(dir.resolve("hook-secret"), "s3cret-for-signing\n");
            ok("alert", "channel", "add", "hook", "--webhook", hook.url("/webtop"), "--secret-file", secret.toString());
            ok("alert", "channel", "add", "chat", "--slack", chat.url("/services/T0/B0/XYZ"));
            ok("alert", "channel", "add", "mail", "--email", "ops@example.com", "--from", "webtop@example.com",
                "--smtp", "smtp://127.0.0.1:" + smtp.getSmtp().getPort());
            String target = site.url("/");
            ok("alert", "add", "down", "--target", target, "--channel", "hook", "--channel", "chat", "--channel", "mail");
            assertEquals("chat answered: HTTP 200\n", webtop("alert", "test", "chat").out());
            assertTrue(webtop("alert", "test", "mail").out().startsWith("mail answered: 250 "), "the SMTP server's answer");
            assertEquals(1, chat.requests().size());
            assertTrue(smtp.waitForIncomingEmail(5_000, 1));
            smtp.purgeEmailFromAllMailboxes();
            chat.clear();

            ok("probe", target, "--location", "lab");
            // probe.down_after and probe.up_after are 2: the second run of each changes the state,
            // and that very run sends what its store wrote
            site.answer(503);
            for (int i = 0; i < 2; i++) {
                assertEquals(1, webtop("probe", target, "--location", "lab").exitCode());
            }
            hook.await(1, Duration.ofSeconds(1));
            site.answer(200);
            for (int i = 0; i < 2; i++) {
                ok("probe", target, "--location", "lab");
            }

            List<Receiver.Request> hooked = hook.await(2, Duration.ofSeconds(10));
            assertEquals(List.of("firing " + target, "resolved " + target), events(hooked));
            JsonNode down = json(hooked.get(0));
            assertEquals(1, down.path("version").asInt());
            assertEquals("down", down.path("kind").asText());
            assertTrue(down.path("summary").asText().contains("http_status"), down.toString());
            for (Receiver.Request request : hooked) {
                assertEquals("sha256=" + WebhookSender.signature("s3cret-for-signing",
                    request.body().getBytes(StandardCharsets.UTF_8)), request.header("X-Webtop-Signature"));
                assertEquals(json(request).path("id").asText(), request.header("X-Webtop-Message-Id"));
            }
            assertNotEquals(json(hooked.get(0)).path("id"), json(hooked.get(1)).path("id"));

            List<Receiver.Request> chatted = chat.await(2, Duration.ofSeconds(10));
            assertEquals(2, chatted.size());
            assertTrue(json(chatted.get(0)).path("text").asText().contains("FIRING down: " + target), chatted.get(0).body());
            assertTrue(json(chatted.get(1)).path("text").asText().contains("RESOLVED down: " + target), chatted.get(1).body());

            assertTrue(smtp.waitForIncomingEmail(10_000, 2));
            MimeMessage[] mails = smtp.getReceivedMessages();
            assertEquals(2, mails.length);
            assertEquals("[webtop] FIRING down: " + target, mails[0].getSubject());
            assertEquals("[webtop] RESOLVED down: " + target, mails[1].getSubject());
            assertEquals("<" + Sql.value(db, "SELECT message_id FROM alert_outbox WHERE channel = 'mail' ORDER BY id LIMIT 1")
                + "@webtop>", mails[0].getMessageID(), "the alert's id, the same on every attempt");

            Thread.sleep(1500);   // nothing more arrives later
            assertEquals(2, hook.requests().size());
            assertEquals(2, chat.requests().size());
            assertEquals(2, smtp.getReceivedMessages().length);
            assertEquals(6, outbox("sent"));
            assertEquals(0, outbox("pending"));
        } finally {
            smtp.stop();
            site.close();
            chat.close();
        }
    }

    @Test
    void serveSendsWhatAnotherProcessWroteAndCountsItInItsMetrics() {
        ok("alert", "channel", "add", "hook", "--webhook", hook.url("/in"));
        ok("alert", "add", "down", "--channel", "hook");
        try (Service service = Service.start(db, Service.Options.on(0), m -> { }, m -> { })) {
            checks("https://served.example/", "lab", 0, "tls_expired", "tls_expired");
            assertEquals("firing https://served.example/", events(hook.await(1, Duration.ofSeconds(10))).get(0));
            dev.webtop.support.Await.until("the message marked sent", Duration.ofSeconds(5), () -> outbox("sent") == 1);
            String metrics = new HttpCalls(service.port()).get("/metrics").body();
            assertTrue(metrics.contains("\nwebtop_alerts_sent_total 1.0\n"), metrics);
            assertTrue(metrics.contains("\nwebtop_alerts_firing{state=\"told\"} 1.0\n"), metrics);
            assertTrue(metrics.contains("\nwebtop_alert_messages{state=\"pending\"} 0.0\n"), metrics);
        }
    }

    @Test
    void aReceiverAwayForAWhileGetsEveryAlertAfterwardsOnceAndInOrder() throws Exception {
        ok("alert", "channel", "add", "hook", "--webhook", hook.url("/in"));
        ok("alert", "add", "down", "--channel", "hook");
        hook.stop();
        List<String> expected = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            String target = "https://away-" + t + ".example/";
            checks(target, "lab", 10 * t, "connect_refused", "connect_refused");
            expected.add("firing " + target);
        }
        checks("https://away-0.example/", "lab", 40, "ok", "ok");
        expected.add("resolved https://away-0.example/");

        Run refused = webtop("alert", "dispatch");
        assertEquals(1, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("channel hook refused message"), refused.err());
        assertEquals(4, outbox("pending"));
        String list = webtop("alert", "list").out();
        assertTrue(list.matches("(?s).*\n  hook: 4 waiting since \\S+, next attempt \\S+; it answered: \\S.*"), list);

        hook.restart();
        Duration limit = Duration.ofSeconds(20);
        long deadline = System.nanoTime() + limit.toNanos();
        while (outbox("pending") > 0 && System.nanoTime() < deadline) {
            webtop("alert", "dispatch");
            Thread.sleep(300);
        }
        assertEquals(expected, events(hook.await(4, limit)));
        assertEquals(4, new HashSet<>(hook.requests().stream().map(r -> r.header("X-Webtop-Message-Id")).toList()).size());
        assertEquals(4, outbox("sent"));
    }

    @Test
    void aReceiverThatAsksForTimeGetsIt() {
        ok("alert", "channel", "add", "chat", "--slack", hook.url("/services/T0/B0/X"));
        ok("alert", "add", "down", "--channel", "chat");
        checks("https://busy.example/", "lab", 0, "connect_refused", "connect_refused");
        hook.answer(429, Map.of("Retry-After", "30"));
        Run refused = webtop("alert", "dispatch");
        assertEquals(1, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("HTTP 429"), refused.err());
        assertEquals(List.of(List.of("pending", "t")), Sql.rows(db, "SELECT state, "
            + "next_attempt_at BETWEEN now() + INTERVAL '29 seconds' AND now() + INTERVAL '31 seconds' FROM alert_outbox"),
            "the next attempt in 30 s, as asked, not in 2");
    }

    @Test
    void aDatabaseLostBetweenSendingAndMarkingRepeatsTheMessageOnceWithTheSameId() {
        ok("alert", "channel", "add", "hook", "--webhook", hook.url("/in"));
        ok("alert", "add", "down", "--channel", "hook");
        checks("https://lost.example/", "lab", 0, "dns_error", "dns_error");
        // the receiver takes the message, then the dispatcher's session is cut before it marks it sent
        hook.beforeAnswer(request -> {
            if (hook.requests().size() == 1) {
                Sql.execute(db, "SELECT pg_terminate_backend(pid) FROM pg_locks "
                    + "WHERE relation = 'alert_outbox'::regclass AND pid <> pg_backend_pid()");
            }
        });
        try (AlertDispatcher dispatcher = new AlertDispatcher(() -> db)) {
            WebtopException lost = assertThrows(WebtopException.class, dispatcher::dispatch);
            assertEquals(3, lost.exitCode(), lost.getMessage());
            assertEquals(1, outbox("pending"), "not marked: it goes again");
            assertEquals(1, dispatcher.dispatch().sent());
        }
        List<Receiver.Request> requests = hook.await(2, Duration.ofSeconds(5));
        assertEquals(2, requests.size());
        assertEquals(requests.get(0).header("X-Webtop-Message-Id"), requests.get(1).header("X-Webtop-Message-Id"));
        assertEquals(requests.get(0).body(), requests.get(1).body());
        assertEquals(1, outbox("sent"));
    }

    @Test
    void twoDispatchersAtOnceNeverSendTheSameMessageTwice() throws Exception {
        Receiver second = Receiver.start();
        try {
            ok("alert", "channel", "add", "one", "--webhook", hook.url("/one"));
            ok("alert", "channel", "add", "two", "--webhook", second.url("/two"));
            ok("alert", "add", "down", "--channel", "one", "--channel", "two");
            for (int t = 0; t < 30; t++) {
                checks("https://many-" + t + ".example/", "lab", 0, "connect_timeout", "connect_timeout");
            }
            assertEquals(60, outbox("pending"));
            try (AlertDispatcher a = new AlertDispatcher(() -> db); AlertDispatcher b = new AlertDispatcher(() -> db)) {
                CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> drain(a));
                CompletableFuture<Integer> other = CompletableFuture.supplyAsync(() -> drain(b));
                assertEquals(60, first.get() + other.get(), "each message sent by one of them");
            }
            for (Receiver receiver : List.of(hook, second)) {
                List<String> ids = receiver.requests().stream().map(r -> r.header("X-Webtop-Message-Id")).toList();
                assertEquals(30, ids.size());
                assertEquals(30, new HashSet<>(ids).size(), "no message twice");
                List<String> inOrder = Sql.rows(db, "SELECT message_id FROM alert_outbox o WHERE channel = '"
                    + (receiver == hook ? "one" : "two") + "' ORDER BY id").stream().map(row -> row.get(0)).toList();
                assertEquals(inOrder, ids, "in the order they were written");
            }
        } finally {
            second.close();
        }
    }

    private int drain(AlertDispatcher dispatcher) {
        int sent = 0;
        while (Sql.number(db, "SELECT count(*) FROM alert_outbox WHERE state = 'pending'") > 0) {
            sent += dispatcher.dispatch().sent();
        }
        return sent;
    }

    @Test
    void aSilencedTargetSendsNothingAndItsChecksAreStoredAndTheEndOfTheSilenceTellsWhatStillFires() {
        ok("alert", "channel", "add", "hook", "--webhook", hook.url("/in"));
        ok("alert", "add", "down", "--channel", "hook");
        checks("https://quiet.example/", "lab", 0, "ok", "ok");
        ok("alert", "silence", "--target", "https://quiet.example", "--for", "1h", "--reason", "upgrade");
        // the checks below are dated minutes ago: the silence began before them
        Sql.execute(db, "UPDATE alert_silences SET starts_at = now() - INTERVAL '9 minutes'");
        checks("https://quiet.example/", "lab", 100, "ok", "http_status", "http_status", "http_status");

        assertEquals(List.of(List.of("2", "4")), Sql.rows(db, "SELECT count(*) FILTER (WHERE NOT maintenance), "
            + "count(*) FILTER (WHERE maintenance) FROM probe_results WHERE target = 'https://quiet.example/'"),
            "stored, and marked as in maintenance");
        Run all = webtop("probe", "report", "--since", "1d", "--json");
        Run outside = webtop("probe", "report", "--since", "1d", "--json", "--exclude-maintenance");
        assertTrue(all.out().contains("\"checks\":6,\"uptime_percent\":50.0,"), all.toString());
        assertTrue(outside.out().contains("\"checks\":2,\"uptime_percent\":100.0,"), outside.toString());
        assertEquals(1, Sql.number(db, "SELECT count(*) FROM probe_incidents WHERE target = 'https://quiet.example/'"));
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM alert_outbox"), "silenced: nothing to send");
        Run list = webtop("alert", "list");
        assertTrue(list.out().contains("[silenced]"), list.out());
        assertTrue(list.out().matches("(?s).*https://quiet\\.example/ +until .*\\(upgrade\\).*"), list.out());

        String id = Sql.value(db, "SELECT id FROM alert_silences");
        ok("alert", "unsilence", id);
        Sql.execute(db, "SELECT webtop_evaluate_alerts()");
        assertEquals(List.of(List.of("firing", "https://quiet.example/")),
            Sql.rows(db, "SELECT event, subject FROM alert_outbox"), "still down when the silence ends: told now");
    }

    @Test
    void aWeeklyWindowSilencesItsHoursInItsTimeZoneAcrossMidnight() {
        ok("alert", "silence", "--domain", "shop.example", "--weekly", "sat", "--from", "23:00", "--to", "01:30",
            "--time-zone", "Europe/Paris");
        String silenced = "SELECT webtop_silenced('https://www.shop.example/cart', NULL, '%s'::timestamptz)";
        // 2026-11-28 is a Saturday; Paris is UTC+1 in November
        assertEquals("t", Sql.value(db, silenced.formatted("2026-11-28 22:30:00+00")), "Saturday 23:30 in Paris");
        assertEquals("t", Sql.value(db, silenced.formatted("2026-11-29 00:15:00+00")), "Sunday 01:15, past midnight");
        assertEquals("f", Sql.value(db, silenced.formatted("2026-11-29 00:45:00+00")), "Sunday 01:45");
        assertEquals("f", Sql.value(db, silenced.formatted("2026-11-27 22:30:00+00")), "Friday 23:30");
        assertEquals("f", Sql.value(db, "SELECT webtop_silenced('https://shop.example.org/', NULL, "
            + "'2026-11-28 22:30:00+00')"), "another domain");
    }

    @Test
    void downFromTwoOfThreeLocationsWaitsForTheSecond() {
        ok("alert", "channel", "add", "hook", "--webhook", hook.url("/in"));
        ok("alert", "add", "down", "--target", "https://spread.example", "--locations", "2", "--channel", "hook");
        String target = "https://spread.example/";
        checks(target, "paris", 0, "ok");
        checks(target, "tokyo", 0, "ok");
        checks(target, "ohio", 0, "ok");
        checks(target, "paris", 1, "connect_timeout", "connect_timeout");
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM alert_outbox"), "one location is not enough");
        checks(target, "tokyo", 1, "connect_timeout", "connect_timeout");
        assertEquals(List.of(List.of("firing", target + " is down from paris, tokyo (2 of 3 locations): connect_timeout (check 2)")),
            Sql.rows(db, "SELECT event, summary FROM alert_outbox"));
        checks(target, "tokyo", 3, "ok", "ok");
        assertEquals(List.of("firing", "resolved"), Sql.rows(db, "SELECT event FROM alert_outbox ORDER BY id")
            .stream().map(r -> r.get(0)).toList(), "back under two locations");
    }

    @Test
    void aCertificateEndingInTenDaysFiresTheFourteenDayRuleOnce() {
        ok("alert", "channel", "add", "hook", "--webhook", hook.url("/in"));
        ok("alert", "add", "certificate", "--days", "14", "--channel", "hook");
        String check = "SELECT now() - INTERVAL '%d minutes' AS time, 'lab' AS location, 'https://cert.example/' AS target, "
            + "'ok' AS outcome, true AS responsive, 5 AS total_ms, now() + INTERVAL '%d days' AS cert_not_after, "
            + "now() + INTERVAL '%d days' AS chain_not_after";
        ProbeRows.store(db, check.formatted(9, 60, 60));
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM alert_outbox"), "60 days left");
        for (int minute = 8; minute > 3; minute--) {
            ProbeRows.store(db, check.formatted(minute, 90, 10));   // the leaf is fine, an intermediate ends sooner
            Sql.execute(db, "SELECT webtop_evaluate_alerts()");
        }
        List<List<String>> sent = Sql.rows(db, "SELECT event, subject, summary FROM alert_outbox");
        assertEquals(1, sent.size(), "once, however often it is seen: " + sent);
        assertEquals("firing", sent.get(0).get(0));
        assertTrue(sent.get(0).get(2).startsWith("the certificate of https://cert.example/ ends in 9 days")
            || sent.get(0).get(2).startsWith("the certificate of https://cert.example/ ends in 10 days"), sent.toString());
        ProbeRows.store(db, check.formatted(2, 90, 90));
        assertEquals(List.of("firing", "resolved"), Sql.rows(db, "SELECT event FROM alert_outbox ORDER BY id")
            .stream().map(r -> r.get(0)).toList(), "renewed");
    }

    @Test
    void aDomainWhoseGeneratedTrafficStopsGoesDarkWithinItsQuietTime() throws Exception {
        ok("alert", "channel", "add", "hook", "--webhook", hook.url("/in"));
        ok("alert", "add", "dark", "--domain", "dark.example", "--quiet", "10s", "--channel", "hook");
        Sql.execute(db, "SELECT webtop_schedule_pattern(INTERVAL '1 second', '{\"domain\": \"dark.example\", \"amount\": 5}')");
        Sql.execute(db, "SELECT webtop_schedule_job('webtop-alerts', 'core', 'webtop_alerts_job', INTERVAL '1 second')");
        try (AlertDispatcher dispatcher = new AlertDispatcher(() -> db).start(Duration.ofMillis(200), message -> { })) {
            dev.webtop.support.Await.until("traffic for dark.example", Duration.ofSeconds(20),
                () -> Sql.number(db, "SELECT count(*) FROM domain_sources WHERE domain = 'dark.example'") > 0);
            Thread.sleep(12_000);
            assertEquals(0, hook.requests().size(), "traffic flows: not dark");

            Sql.execute(db, "SELECT webtop_unschedule_job('pattern:dark.example')");
            List<Receiver.Request> requests = hook.await(1, Duration.ofSeconds(30));
            JsonNode dark = json(requests.get(0));
            assertEquals("firing", dark.path("event").asText());
            assertEquals("dark.example", dark.path("subject").asText());
            double quietSeconds = Sql.number(db, "SELECT extract(epoch FROM f.since - s.last_seen)::bigint "
                + "FROM alert_firing f, (SELECT max(last_seen) AS last_seen FROM domain_sources WHERE domain = 'dark.example') s");
            assertEquals(10, quietSeconds, "it fires for the quiet the rule names");
            double lateBy = Sql.number(db, "SELECT extract(epoch FROM created_at - occurred_at)::bigint FROM alert_outbox");
            assertTrue(lateBy <= 3, "noticed within the job's interval, not " + lateBy + " s late");
        } finally {
            Sql.execute(db, "SELECT webtop_unschedule_job('webtop-alerts')");
        }
    }
}
