package dev.webtop.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.serve.Service;
import dev.webtop.support.Await;
import dev.webtop.support.Cli;
import dev.webtop.support.HttpCalls;
import dev.webtop.support.HttpCalls.Answer;
import dev.webtop.support.KafkaBroker;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import dev.webtop.support.WebtopProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `serve --kafka`: a request is answered 2xx only once Kafka has acknowledged its events, nothing
 * reaches the database until `record` stores it, and then exactly what was acknowledged is there,
 * with what the collector worked out (users, sessions). While the broker is away requests get 503
 * and nothing answered 2xx is lost.
 */
class ServeToKafkaTest {
    @TempDir
    Path dir;

    @Test
    void whatWasAcknowledgedIsStoredOnceByRecordAndABrokerAwayGets503() throws Exception {
        DbTarget db = TestDatabase.withPipeline();
        KafkaBroker.Topics topics = KafkaBroker.topics(dir, "max.block.ms=2000", "delivery.timeout.ms=3000",
            "request.timeout.ms=1000", "linger.ms=0");
        KafkaSettings kafka = KafkaSettings.of(KafkaBroker.brokers(), topics.config());
        long acknowledged = 0;
        try (Service service = Service.start(db, Service.Options.on(0).withPublisher(() -> new TrafficPublisher(kafka)),
            message -> { }, message -> { })) {
            HttpCalls http = new HttpCalls(service.port());
            StringBuilder events = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                events.append("{\"user_id\":\"u").append(i % 7).append("\",\"session_id\":\"s").append(i % 7)
                    .append("\",\"event_type\":\"page_view\",\"page_url\":\"/p").append(i % 5)
                    .append("\",\"timestamp\":\"").append(Instant.now().minusSeconds(300 - i)).append("\"}\n");
            }
            Answer stored = http.post("/events", "application/x-ndjson", events.toString());
            assertEquals(200, stored.status(), stored.toString());
            acknowledged += stored.json().get("stored").asLong();
            for (int i = 0; i < 20; i++) {
                Answer one = http.postJson("/page-views/single", "{\"page\": \"kafka.test/p" + i + "\"}");
                assertEquals(201, one.status(), one.toString());
                acknowledged += one.json().get("stored").asLong();
            }
            assertEquals(320, acknowledged);
            assertEquals(0, Sql.number(db, "SELECT count(*) FROM logs"), "serve --kafka writes nothing itself");

            KafkaBroker.stop();
            try {
                Answer away = http.postJson("/page-views/single", "{\"page\": \"kafka.test/away\"}");
                assertEquals(503, away.status(), away.toString());
                assertTrue(away.json().get("error").asText().contains("did not answer; is the broker running?"), away.toString());
                assertTrue(away.header("Retry-After") != null, "a client may try again");
            } finally {
                KafkaBroker.start();
            }
            Await.until("the collector publishes again", Duration.ofSeconds(60), () ->
                http.postJson("/page-views/single", "{\"page\": \"kafka.test/back\"}").status() == 201);
            acknowledged += 1;
        }
        assertEquals(acknowledged, KafkaBroker.messages(topics.traffic()));

        WebtopProcess recorder = WebtopProcess.start(dir, "record", Map.of(), "record", "--kafka", KafkaBroker.brokers(),
            "--kafka-config", topics.config().toString(), "--db-url", TestDatabase.url(db));
        long expected = acknowledged;
        Await.until("every acknowledged event stored", Duration.ofSeconds(60),
            () -> Sql.number(db, "SELECT count(*) FROM logs") >= expected);
        Thread.sleep(1000);
        recorder.terminate();
        Cli.Run run = recorder.await(30);
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(expected, Sql.number(db, "SELECT count(*) FROM logs"));
        assertEquals(List.of(List.of("7", "300")), Sql.rows(db,
            "SELECT count(DISTINCT user_id)::text, count(*)::text FROM logs WHERE source = 'client' AND user_id LIKE 'u%'"));
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM logs WHERE path = '/away'"));
        assertEquals(expected, Sql.number(db, "SELECT sum(views) FROM page_hourly"), "page counts of the same transactions");
    }
}
