package dev.webtop.kafka;

import dev.webtop.base.Background;
import dev.webtop.base.WebtopException;
import dev.webtop.probe.ProbeResult;
import dev.webtop.probe.ProbeSpool;
import dev.webtop.probe.ResultStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * `probe --kafka`: results go to the probes topic, one message each keyed by target, and count as
 * stored once Kafka has acknowledged them all; `webtop record` stores them as a probe would
 * (smart mode, states, incidents). The client starts while the checks run. When Kafka cannot be
 * reached the run's results wait in the spool, as they do for a database that is away.
 */
public final class ProbePublisher implements ResultStore {
    private final KafkaSettings settings;
    private final boolean smart;
    private final CompletableFuture<Producer<byte[], byte[]>> producer;

    public ProbePublisher(KafkaSettings settings, boolean smart) {
        this.settings = settings;
        this.smart = smart;
        this.producer = Background.supply("webtop-kafka", () -> {
            Topics.ensure(settings, settings.probesTopic());
            try {
                return new KafkaProducer<>(settings.producer());
            } catch (KafkaException e) {
                throw WebtopException.badInput("the Kafka client settings are wrong: " + e.getMessage());
            }
        });
    }

    @Override
    public void connected() {
        producer.exceptionally(e -> null).join();
    }

    /** Alerts are for `record`'s database to raise, so none wait here. */
    @Override
    public boolean store(List<ProbeResult> results, List<ProbeSpool.Claimed> spooled) {
        List<ProbeResult> all = new ArrayList<>();
        spooled.forEach(file -> all.addAll(file.results()));
        all.addAll(results);
        Acks acks = new Acks();
        try {
            Producer<byte[], byte[]> client = producer.join();
            for (ProbeResult result : all) {
                acks.sent();
                client.send(new ProducerRecord<>(settings.probesTopic(), result.target().getBytes(StandardCharsets.UTF_8),
                    ProbeMessages.encode(result, smart)), acks);
            }
            Exception refused = acks.await();
            if (refused != null) {
                throw WebtopException.unreachable(settings.unreachable("Kafka") + " (" + refused.getMessage() + ")", refused);
            }
        } catch (CompletionException e) {
            throw e.getCause() instanceof WebtopException w ? w : WebtopException.failure(e.getCause().getMessage(), e);
        } catch (KafkaException e) {
            throw WebtopException.unreachable(settings.unreachable("Kafka") + " (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw WebtopException.failure("interrupted while Kafka acknowledged the results", e);
        }
        return false;
    }

    @Override
    public void close() {
        producer.thenAccept(Producer::close);
    }
}
