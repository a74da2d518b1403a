package dev.webtop.kafka;

import dev.webtop.base.WebtopException;
import dev.webtop.probe.ProbeRun;
import dev.webtop.traffic.Checkpoint;
import dev.webtop.traffic.LogSlice;
import dev.webtop.traffic.RowJson;
import dev.webtop.traffic.RowSink;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Sends rows to the traffic topic, one message each (RowJson), keyed by domain so that a domain's
 * rows stay in one partition and in order. A write returns once Kafka has acknowledged all its
 * rows; `webtop record` stores them. The producer's idempotence keeps its retries from doubling
 * rows. Rows of a file (a write with a file position) name their line and are keyed by the file
 * instead, so that its lines stay in order and `record` stores a line shipped twice once.
 */
public final class TrafficPublisher implements RowSink {
    private final KafkaSettings settings;
    private final Producer<byte[], byte[]> producer;
    private final RowJson json = new RowJson();
    private final String host = ProbeRun.thisHost();

    public TrafficPublisher(KafkaSettings settings) {
        this.settings = settings;
        Topics.ensure(settings, settings.trafficTopic());
        try {
            this.producer = new KafkaProducer<>(settings.producer());
        } catch (KafkaException e) {
            throw WebtopException.badInput("the Kafka client settings are wrong: " + e.getMessage());
        }
    }

    @Override
    public long write(LogSlice slice, Checkpoint checkpoint) {
        Acks acks = new Acks();
        String origin = checkpoint instanceof Checkpoint.FilePosition file
            ? host + ":" + file.file() + " " + file.fileKey() : null;
        byte[] fileKey = origin == null ? null : origin.getBytes(StandardCharsets.UTF_8);
        try {
            for (int i = slice.from(); i < slice.to(); i++) {
                acks.sent();
                producer.send(new ProducerRecord<>(settings.trafficTopic(),
                    fileKey != null ? fileKey : slice.batch().domainBytes(i), json.encode(slice.batch(), i, origin)), acks);
            }
            Exception refused = acks.await();
            if (refused != null) {
                throw WebtopException.unreachable(settings.unreachable("Kafka") + " (" + refused.getMessage() + ")", refused);
            }
        } catch (KafkaException e) {
            throw WebtopException.unreachable(settings.unreachable("Kafka") + " (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw WebtopException.failure("interrupted while Kafka acknowledged the rows", e);
        }
        return slice.to() - slice.from();
    }

    @Override
    public void close() {
        producer.close();
    }
}
