package dev.webtop.kafka;

import dev.webtop.base.WebtopException;
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
 * rows. A log shipper's rows name their line and are keyed by their file instead (write with an
 * origin), so that a file's lines stay in order and `record` stores a line shipped twice once.
 */
public final class TrafficPublisher implements RowSink {
    private final KafkaSettings settings;
    private final Producer<byte[], byte[]> producer;
    private final RowJson json = new RowJson();

    public TrafficPublisher(KafkaSettings settings) {
        this.settings = settings;
        Topics.ensure(settings, settings.trafficTopic());
        try {
            this.producer = new KafkaProducer<>(settings.producer());
        } catch (KafkaException e) {
            throw WebtopException.badInput("the Kafka client settings are wrong: " + e.getMessage());
        }
    }

    /** The checkpoint is the database's business and is not sent. */
    @Override
    public long write(LogSlice slice, Checkpoint checkpoint) {
        return write(slice, (String) null);
    }

    /**
     * Rows of one file, each naming it (origin: "host:path identity") and where its line ends,
     * keyed by the origin; null for rows of no file, keyed by domain.
     */
    public long write(LogSlice slice, String origin) {
        Acks acks = new Acks();
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
