package dev.webtop.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The real Kafka broker of the tests: scripts/kafka (KRaft, loopback, Apache Kafka's own server
 * from Maven Central) on a test port with a fresh data directory, started once per test run and
 * stopped when the JVM ends. Each test takes topics and a group of its own (topics()).
 */
public final class KafkaBroker {
    public static final int PORT = 25486;   // and 25487 for its controller
    private static boolean started;

    private KafkaBroker() {
    }

    public static synchronized String brokers() {
        if (!started) {
            Path home = TestPaths.testHome("kafka");
            try {
                script("stop");
                new ProcessBuilder("rm", "-rf", home.toString()).start().waitFor();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            script("start");
            started = true;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> script("stop")));
        }
        return "127.0.0.1:" + PORT;
    }

    /** Stops the broker (its data stays) until start(). */
    public static synchronized void stop() {
        brokers();
        script("stop");
    }

    public static synchronized void start() {
        script("start");
    }

    /** Runs scripts/kafka with the tests' home and port; fails the test with its output otherwise. */
    private static void script(String action) {
        ProcessBuilder builder = new ProcessBuilder(TestPaths.projectRoot().resolve("scripts/kafka").toString(), action)
            .redirectErrorStream(true);
        builder.environment().put("WEBTOP_HOME", TestPaths.testHome("kafka").toString());
        builder.environment().put("WEBTOP_KAFKA_PORT", String.valueOf(PORT));
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(180, TimeUnit.SECONDS) || (process.exitValue() != 0 && !action.equals("stop"))) {
                throw new IllegalStateException("scripts/kafka " + action + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Topics and a consumer group no other test uses, written as a --kafka-config file in dir. */
    public record Topics(String traffic, String probes, String deadLetters, String group, Path config) {
    }

    public static Topics topics(Path dir, String... extraProperties) {
        brokers();
        String id = UUID.randomUUID().toString().substring(0, 8);
        Topics topics = new Topics("traffic-" + id, "probes-" + id, "dead-" + id, "record-" + id,
            dir.resolve("kafka-" + id + ".properties"));
        List<String> lines = new ArrayList<>(List.of("webtop.topic.traffic=" + topics.traffic(),
            "webtop.topic.probes=" + topics.probes(), "webtop.topic.dead-letters=" + topics.deadLetters(),
            "group.id=" + topics.group()));
        lines.addAll(List.of(extraProperties));
        try {
            Files.write(topics.config(), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return topics;
    }

    /** Sends messages as they are, keyed, and waits for Kafka's acknowledgement. */
    public static void send(String topic, List<Map.Entry<String, String>> keyedMessages) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
            new ByteArraySerializer())) {
            for (Map.Entry<String, String> m : keyedMessages) {
                producer.send(new ProducerRecord<>(topic, m.getKey().getBytes(StandardCharsets.UTF_8),
                    m.getValue() == null ? null : m.getValue().getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    /** Every message of a topic from its beginning, read until the end offsets seen at the start. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
            List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end in 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
            return all;
        }
    }

    /** The sum of the topic's end offsets: how many messages it has received. */
    public static long messages(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers());
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
            .map(info -> new TopicPartition(topic, info.partition())).toList();
    }
}
