package dev.webtop.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.webtop.base.Json;
import dev.webtop.config.DbTarget;
import dev.webtop.db.Database;
import dev.webtop.probe.ProbeResult;
import dev.webtop.probe.ProbeStore;
import dev.webtop.support.Await;
import dev.webtop.support.Cli;
import dev.webtop.support.KafkaBroker;
import dev.webtop.support.Receiver;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import dev.webtop.support.WebtopProcess;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probe agents in two locations publish through Kafka and `record` stores their results: raw rows
 * (smart mode merging runs of ok checks), hourly aggregates, states and incidents come out exactly
 * as when the same results are stored directly. A broker that is away leaves the results in the
 * spool, and the next run that reaches it sends them.
 */
class ProbeAgentsTest {
    private static final String[] TABLES = {
        "SELECT time, location, target, outcome, status, detail FROM probe_results ORDER BY 1, 2, 3",
        "SELECT * FROM probe_state ORDER BY target, location",
        "SELECT target, location, started_at, ended_at, cause, detail FROM probe_incidents ORDER BY 1, 2, 3",
        "SELECT * FROM probe_hourly ORDER BY 1, 2, 3"};
    @TempDir
    Path dir;

    @Test
    void resultsFromTwoLocationsRecordedEqualTheDirectPath() throws Exception {
        AtomicInteger status = new AtomicInteger(200);
        HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", Receiver.freePort()), 0);
        site.createContext("/", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        site.start();
        String url = "http://127.0.0.1:" + site.getAddress().getPort() + "/";
        DbTarget db = TestDatabase.withPipeline();
        KafkaBroker.Topics topics = KafkaBroker.topics(dir);
        Cli agents = Cli.isolated().env("WEBTOP_HOME", dir.resolve("agent").toString());
        try {
            for (int answer : new int[] {200, 500, 500, 500, 200, 200, 200}) {   // up, down, up again
                status.set(answer);
                for (String location : new String[] {"fra", "nyc"}) {
                    Cli.Run pass = agents.run("probe", "--smart", "--location", location, "--kafka", KafkaBroker.brokers(),
                        "--kafka-config", topics.config().toString(), url);
                    assertEquals(answer == 200 ? 0 : 1, pass.exitCode(), pass::toString);
                }
            }
        } finally {
            site.stop(0);
        }
        assertEquals(14, KafkaBroker.messages(topics.probes()));

        WebtopProcess recorder = WebtopProcess.start(dir, "record", Map.of(), "record", "--kafka", KafkaBroker.brokers(),
            "--kafka-config", topics.config().toString(), "--db-url", TestDatabase.url(db));
        Await.until("the 14 results recorded", Duration.ofSeconds(60),
            () -> Sql.number(db, "SELECT coalesce(sum(checks), 0) FROM probe_hourly") == 14);
        recorder.terminate();
        Cli.Run run = recorder.await(30);
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("14 probe results"), run::toString);
        List<List<List<String>>> recorded = snapshot(db);
        assertEquals(List.of(List.of(url, "fra", "1"), List.of(url, "nyc", "1")),
            Sql.rows(db, "SELECT target, location, count(*)::text FROM probe_incidents WHERE ended_at IS NOT NULL "
                + "GROUP BY 1, 2 ORDER BY 2"), "one outage per location, over");
        assertEquals(List.of(List.of("up", "up")), Sql.rows(db, "SELECT min(state), max(state) FROM probe_state"));

        // the same results, each pass stored directly as a probe without --kafka stores it
        DbTarget direct = TestDatabase.withPipeline();
        List<ProbeResult> published = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> message : KafkaBroker.readAll(topics.probes())) {
            published.add(ProbeMessages.decode(message.value()).result());
        }
        published.sort((a, b) -> a.time().compareTo(b.time()));
        try (Connection connection = Database.connect(direct)) {
            connection.setAutoCommit(false);
            for (ProbeResult result : published) {
                ProbeStore.store(connection, List.of(result), true);
                connection.commit();
            }
        }
        assertEquals(recorded, snapshot(direct));
    }

    @Test
    void aBrokerThatIsAwayLeavesTheResultsInTheSpoolForTheNextRun() throws Exception {
        KafkaBroker.Topics topics = KafkaBroker.topics(dir, "max.block.ms=2000", "delivery.timeout.ms=3000",
            "request.timeout.ms=1000");
        Cli agent = Cli.isolated().env("WEBTOP_HOME", dir.resolve("agent").toString());
        String[] probe = {"probe", "--location", "lab", "--timeout", "1s", "--kafka", KafkaBroker.brokers(),
            "--kafka-config", topics.config().toString(), "http://127.0.0.1:9/"};
        assertEquals(1, agent.run(probe).exitCode());   // connect_refused, published
        KafkaBroker.stop();
        Cli.Run away;
        try {
            away = agent.run(probe);
        } finally {
            KafkaBroker.start();
        }
        assertEquals(3, away.exitCode(), away::toString);
        assertTrue(away.err().contains("did not answer; is the broker running?"), away::toString);
        assertTrue(away.err().contains("results are kept in"), away::toString);
        try (var spooled = Files.list(dir.resolve("agent/probe-spool"))) {
            assertEquals(1, spooled.count());
        }
        Cli.Run back = agent.run(probe);
        assertEquals(1, back.exitCode(), back::toString);
        try (var spooled = Files.list(dir.resolve("agent/probe-spool"))) {
            assertEquals(0, spooled.count(), "the spool was sent");
        }
        List<ConsumerRecord<byte[], byte[]>> messages = KafkaBroker.readAll(topics.probes());
        assertEquals(3, messages.size(), "each result once");
        assertEquals("connect_refused", Json.read(new String(messages.get(2).value(), StandardCharsets.UTF_8),
            ProbeMessages.Message.class).result().outcome().label());
    }

    private static List<List<List<String>>> snapshot(DbTarget db) {
        List<List<List<String>>> tables = new ArrayList<>();
        for (String query : TABLES) {
            tables.add(Sql.rows(db, query));
        }
        return tables;
    }
}
