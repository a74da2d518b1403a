package dev.webtop.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webtop.config.DbTarget;
import dev.webtop.serve.Service;
import dev.webtop.support.Await;
import dev.webtop.support.Cli;
import dev.webtop.support.HttpCalls;
import dev.webtop.support.KafkaBroker;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import dev.webtop.support.WebtopProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `webtop record` against the real broker: page views published by `generate --kafka` are stored
 * once each, per domain as Kafka holds them, however the recorders are killed or rebalanced; a
 * malformed message goes to the dead-letter topic and its partition goes on.
 */
class RecordTest {
    private static final Pattern ACKNOWLEDGED = Pattern.compile("([\\d,]+) rows acknowledged by Kafka");
    @TempDir
    Path dir;

    @Test
    void aRecorderKilledMidBatchAndStartedAgainStoresEveryMessageOnce() throws Exception {
        DbTarget db = TestDatabase.withPipeline();
        KafkaBroker.Topics topics = KafkaBroker.topics(dir, "max.poll.records=2000");
        Cli.Run published = Cli.isolated().run("generate", "--rate", "max", "--count", "200000", "--seed", "11",
            "--kafka", KafkaBroker.brokers(), "--kafka-config", topics.config().toString());
        assertEquals(0, published.exitCode(), published::toString);
        assertTrue(published.out().startsWith("200,000 rows acknowledged by Kafka"), published::toString);

        WebtopProcess first = record(db, topics, "first");
        Await.until("the first recorder stores some rows", Duration.ofSeconds(60), () -> rows(db) >= 20_000);
        first.kill();
        long beforeKill = rows(db);
        assertTrue(beforeKill < 200_000, "killed before the end: " + beforeKill);
        assertEquals(200_000 - beforeKill, Sql.number(db, "SELECT lag FROM kafka_lag WHERE topic = '" + topics.traffic() + "'"),
            "the lag is what is not stored");

        WebtopProcess second = record(db, topics, "second");
        Await.until("all 200,000 rows stored", Duration.ofSeconds(120), () -> rows(db) >= 200_000);
        second.terminate();
        Cli.Run run = second.await(30);
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(200_000, rows(db), "no row stored twice");
        assertEquals(perKey(topics.traffic()), perDomain(db));
        assertEquals(200_000, Sql.number(db, "SELECT sum(position) FROM ingest_checkpoints WHERE source LIKE 'kafka "
            + topics.traffic() + "/%'"));
        assertEquals(Sql.number(db, "SELECT count(*) FROM logs WHERE event_type = 'page_view' AND NOT is_bot"),
            Sql.number(db, "SELECT sum(views) FROM page_hourly"), "the page counts of the same transactions");
        assertLagShownEverywhere(db, topics);
    }

    /** No lag left: status, the dashboard's header and /metrics say so. */
    private static void assertLagShownEverywhere(DbTarget db, KafkaBroker.Topics topics) throws Exception {
        Await.until("the recorder wrote the end offsets down", Duration.ofSeconds(10),
            () -> Sql.number(db, "SELECT lag FROM kafka_lag WHERE topic = '" + topics.traffic() + "'") == 0);
        Cli.Run status = Cli.isolated().on(db, "status", "--json");
        JsonNode kafka = new ObjectMapper().readTree(status.out()).get("kafka");
        JsonNode traffic = kafka.get(0).get("topic").asText().equals(topics.traffic()) ? kafka.get(0) : kafka.get(1);
        assertEquals(0, traffic.get("lag").asLong(), status::toString);
        assertEquals(8, traffic.get("partitions").asInt(), status::toString);
        assertEquals(topics.group(), traffic.get("group").asText());
        assertTrue(Cli.isolated().on(db, "status").out().contains("kafka        " + topics.traffic()
            + ": 0 messages behind (group " + topics.group() + ", 8 partitions"));
        Cli.Run monitor = Cli.isolated().on(db, "monitor", "--json");
        assertEquals(0, new ObjectMapper().readTree(monitor.out()).get("header").get("kafka_lag").asLong(), monitor::toString);
        try (Service service = Service.start(db, Service.Options.on(0), message -> { }, message -> { })) {
            String metrics = new HttpCalls(service.port()).get("/metrics").body();
            assertTrue(metrics.contains("webtop_kafka_lag_messages{group=\"" + topics.group() + "\",topic=\""
                + topics.traffic() + "\"} 0.0"), metrics);
        }
    }

    @Test
    void twoRecordersShareThePartitionsAndARebalanceLosesAndDoublesNothing() throws Exception {
        DbTarget db = TestDatabase.withPipeline();
        KafkaBroker.Topics topics = KafkaBroker.topics(dir, "max.poll.records=1000");
        WebtopProcess a = record(db, topics, "a");
        CompletableFuture<Cli.Run> publishing = CompletableFuture.supplyAsync(() -> Cli.isolated().run("generate",
            "--rate", "3000", "--duration", "16s", "--seed", "12", "--kafka", KafkaBroker.brokers(),
            "--kafka-config", topics.config().toString()));
        Thread.sleep(5_000);
        WebtopProcess b = record(db, topics, "b");   // a rebalance under load
        Thread.sleep(6_000);
        a.terminate();                              // and another one
        Cli.Run aRun = a.await(30);
        Cli.Run published = publishing.get();
        assertEquals(0, published.exitCode(), published::toString);
        Matcher acknowledged = ACKNOWLEDGED.matcher(published.out());
        assertTrue(acknowledged.find(), published::toString);
        long sent = Long.parseLong(acknowledged.group(1).replace(",", ""));
        assertEquals(sent, KafkaBroker.messages(topics.traffic()));

        Await.until("every acknowledged row stored", Duration.ofSeconds(60), () -> rows(db) >= sent);
        Thread.sleep(1_000);
        b.terminate();
        Cli.Run bRun = b.await(30);
        assertEquals(0, aRun.exitCode(), aRun::toString);
        assertEquals(0, bRun.exitCode(), bRun::toString);
        assertEquals(sent, rows(db));
        assertEquals(perKey(topics.traffic()), perDomain(db));
        assertTrue(stored(aRun) > 0 && stored(bRun) > 0, "both recorders stored some: " + aRun + bRun);
        assertEquals(sent, stored(aRun) + stored(bRun), "what they say they stored adds up");
    }

    @Test
    void aMalformedMessageGoesToTheDeadLetterTopicWithItsReasonAndThePartitionGoesOn() {
        DbTarget db = TestDatabase.withPipeline();
        KafkaBroker.Topics topics = KafkaBroker.topics(dir);
        String now = Instant.now().toString();
        String good = "{\"v\":1,\"source\":\"client\",\"time\":\"" + now + "\",\"domain\":\"dead.test\",\"path\":\"/%s\","
            + "\"status\":404,\"browser\":\"Firefox\",\"user\":\"u1\"}";
        KafkaBroker.send(topics.traffic(), List.of(
            Map.entry("dead.test", good.formatted("first")),
            Map.entry("dead.test", "not json at all"),
            Map.entry("dead.test", "{\"v\":2,\"source\":\"client\",\"time\":\"" + now + "\",\"domain\":\"dead.test\",\"path\":\"/\"}"),
            Map.entry("dead.test", "{\"v\":1,\"source\":\"client\",\"time\":\"" + now + "\",\"path\":\"/\"}"),
            Map.entry("dead.test", "{\"v\":1,\"source\":\"client\",\"time\":\"yesterday\",\"domain\":\"dead.test\",\"path\":\"/\"}"),
            Map.entry("dead.test", good.formatted("long/" + incompressible(6000))),   // beyond an index entry
            Map.entry("dead.test", good.formatted("second"))));
        KafkaBroker.send(topics.probes(), List.of(Map.entry("https://dead.test/", "{\"v\":1,\"result\":{}}")));

        WebtopProcess recorder = record(db, topics, "recorder");
        Await.until("both good rows stored", Duration.ofSeconds(60), () -> rows(db) == 2);
        Await.until("six dead letters", Duration.ofSeconds(30), () -> KafkaBroker.messages(topics.deadLetters()) >= 6);
        recorder.terminate();
        Cli.Run run = recorder.await(30);
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("2 rows, 0 probe results; 6 dead letters"), run::toString);
        assertEquals(List.of(List.of("/first", "404", "Firefox", "u1"), List.of("/second", "404", "Firefox", "u1")),
            Sql.rows(db, "SELECT path, status, browser, user_id FROM logs ORDER BY path"));

        Map<String, String> reasons = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> letter : KafkaBroker.readAll(topics.deadLetters())) {
            reasons.put(header(letter, "webtop.topic") + "@" + header(letter, "webtop.offset"), header(letter, "webtop.reason"));
        }
        assertEquals(6, reasons.size(), reasons::toString);
        assertTrue(reasons.get(topics.traffic() + "@5").startsWith("the database refused: index row size"), reasons::toString);
        assertTrue(reasons.get(topics.traffic() + "@1").startsWith("not JSON"), reasons::toString);
        assertEquals("'v' must be the schema version 1, not 2", reasons.get(topics.traffic() + "@2"));
        assertEquals("'time', 'domain' and 'path' are required", reasons.get(topics.traffic() + "@3"));
        assertTrue(reasons.get(topics.traffic() + "@4").startsWith("'time' must be an ISO-8601 UTC time"), reasons::toString);
        assertEquals("'result' needs time, location, target and outcome", reasons.get(topics.probes() + "@0"));
        assertTrue(run.err().contains("sent to " + topics.deadLetters()), run::toString);
    }

    private static String incompressible(int bytes) {
        byte[] random = new byte[bytes];
        new Random(1).nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static WebtopProcess record(DbTarget db, KafkaBroker.Topics topics, String name) {
        return WebtopProcess.start(Path.of(System.getProperty("java.io.tmpdir")), "record-" + topics.group() + "-" + name,
            Map.of(), "record", "--kafka", KafkaBroker.brokers(), "--kafka-config", topics.config().toString(),
            "--db-url", TestDatabase.url(db));
    }

    private static long rows(DbTarget db) {
        return Sql.number(db, "SELECT count(*) FROM logs");
    }

    private static long stored(Cli.Run run) {
        Matcher m = Pattern.compile("([\\d,]+) messages stored").matcher(run.out());
        assertTrue(m.find(), run::toString);
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    private static Map<String, Long> perKey(String topic) {
        return KafkaBroker.readAll(topic).stream().collect(Collectors.groupingBy(
            r -> new String(r.key(), StandardCharsets.UTF_8), TreeMap::new, Collectors.counting()));
    }

    private static Map<String, Long> perDomain(DbTarget db) {
        Map<String, Long> counts = new TreeMap<>();
        for (List<String> row : Sql.rows(db, "SELECT domain, count(*) FROM logs GROUP BY domain")) {
            counts.put(row.get(0), Long.parseLong(row.get(1)));
        }
        return counts;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
