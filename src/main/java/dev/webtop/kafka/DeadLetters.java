package dev.webtop.kafka;

import dev.webtop.base.WebtopException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Messages `record` cannot store, sent as they came to the dead-letter topic with headers saying
 * why (webtop.reason) and where they were (webtop.topic, webtop.partition, webtop.offset). A poll's
 * letters are acknowledged before the offsets that pass them are stored, so none is lost.
 */
final class DeadLetters {
    private final KafkaSettings settings;
    private final Producer<byte[], byte[]> producer;
    private final Consumer<String> notices;
    private final List<ProducerRecord<byte[], byte[]>> waiting = new ArrayList<>();

    /** producer: shared by the writers' dead letters, and closed by its owner. */
    DeadLetters(KafkaSettings settings, Producer<byte[], byte[]> producer, Consumer<String> notices) {
        this.settings = settings;
        this.notices = notices;
        this.producer = producer;
    }

    /** Keeps a message for send(). */
    void add(ConsumerRecord<byte[], byte[]> message, String reason) {
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(settings.deadLetterTopic(), message.key(),
            message.value());
        letter.headers().add("webtop.reason", reason.getBytes(StandardCharsets.UTF_8));
        letter.headers().add("webtop.topic", message.topic().getBytes(StandardCharsets.UTF_8));
        letter.headers().add("webtop.partition", Integer.toString(message.partition()).getBytes(StandardCharsets.UTF_8));
        letter.headers().add("webtop.offset", Long.toString(message.offset()).getBytes(StandardCharsets.UTF_8));
        waiting.add(letter);
    }

    /** Sends the letters kept, waits for Kafka's acknowledgement and returns how many there were. */
    int send() {
        if (waiting.isEmpty()) {
            return 0;
        }
        Acks acks = new Acks();
        for (ProducerRecord<byte[], byte[]> letter : waiting) {
            acks.sent();
            producer.send(letter, acks);
        }
        try {
            Exception refused = acks.await();
            if (refused != null) {
                throw WebtopException.failure("the dead-letter topic " + settings.deadLetterTopic()
                    + " refused a message: " + refused.getMessage(), refused);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw WebtopException.failure("interrupted while sending dead letters", e);
        }
        notices.accept(waiting.size() + " message(s) that cannot be stored sent to " + settings.deadLetterTopic() + "; the first: "
            + new String(waiting.get(0).headers().lastHeader("webtop.reason").value(), StandardCharsets.UTF_8));
        int sent = waiting.size();
        waiting.clear();
        return sent;
    }

    /** Forgets the letters kept (their poll is read again). */
    void clear() {
        waiting.clear();
    }
}
