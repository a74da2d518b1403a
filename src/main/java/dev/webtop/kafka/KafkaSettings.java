package dev.webtop.kafka;

import dev.webtop.base.WebtopException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Where Kafka is and how to talk to it: the brokers of --kafka, any client property of a
 * --kafka-config file (TLS, SASL, timeouts: Kafka's own names), and webtop's topics, which the
 * same file may rename (webtop.topic.traffic, webtop.topic.probes, webtop.topic.dead-letters).
 */
public final class KafkaSettings {
    public static final String TRAFFIC_TOPIC = "webtop.traffic";
    public static final String PROBES_TOPIC = "webtop.probes";
    public static final String DEAD_LETTER_TOPIC = "webtop.dead-letters";
    public static final String RECORD_GROUP = "webtop-record";
    private static final Pattern BROKERS = Pattern.compile("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*");
    private static final String TOPIC_PREFIX = "webtop.topic.";

    private final String brokers;
    private final Properties client;
    private final String trafficTopic;
    private final String probesTopic;
    private final String deadLetterTopic;

    private KafkaSettings(String brokers, Properties client) {
        this.brokers = brokers;
        this.trafficTopic = topic(client, "traffic", TRAFFIC_TOPIC);
        this.probesTopic = topic(client, "probes", PROBES_TOPIC);
        this.deadLetterTopic = topic(client, "dead-letters", DEAD_LETTER_TOPIC);
        client.stringPropertyNames().stream().filter(k -> k.startsWith(TOPIC_PREFIX)).forEach(client::remove);
        this.client = client;
    }

    /** Settings from --kafka and --kafka-config (null for none); exit 2 for either wrong. */
    public static KafkaSettings of(String brokers, Path configFile) {
        if (brokers == null || !BROKERS.matcher(brokers).matches()) {
            throw WebtopException.badInput("--kafka must be the brokers as host:port[,host:port...], like "
                + "127.0.0.1:9092, not '" + brokers + "'");
        }
        Properties client = new Properties();
        if (configFile != null) {
            try (Reader in = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                client.load(in);
            } catch (NoSuchFileException e) {
                throw WebtopException.badInput("--kafka-config: no such file " + configFile);
            } catch (IOException | IllegalArgumentException e) {
                throw WebtopException.badInput("--kafka-config: cannot read " + configFile
                    + " as Java properties (key=value lines): " + e.getMessage());
            }
        }
        return new KafkaSettings(brokers, client);
    }

    private static String topic(Properties client, String name, String otherwise) {
        String topic = client.getProperty(TOPIC_PREFIX + name, otherwise).trim();
        if (!topic.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw WebtopException.badInput("--kafka-config: " + TOPIC_PREFIX + name + " must be a Kafka topic name "
                + "(letters, digits, '.', '_', '-'), not '" + topic + "'");
        }
        return topic;
    }

    public String brokers() {
        return brokers;
    }

    public String trafficTopic() {
        return trafficTopic;
    }

    public String probesTopic() {
        return probesTopic;
    }

    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    /** The consumer group `record` joins: group.id of the config file, else webtop-record. */
    public String group() {
        return client.getProperty(ConsumerConfig.GROUP_ID_CONFIG, RECORD_GROUP);
    }

    /**
     * A producer that loses nothing it acknowledged: every in-sync replica has it (acks=all),
     * retries never duplicate (idempotence), and records are sent in compressed batches.
     */
    Properties producer() {
        Properties p = base();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.putAll(client);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return p;
    }

    /**
     * A consumer whose offsets Kafka never keeps: `record` stores them in the database with the
     * rows, so nothing auto-commits; a partition never stored is read from its beginning.
     */
    Properties consumer() {
        Properties p = base();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, RECORD_GROUP);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20000");
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, "16777216");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "4194304");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.putAll(client);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");   // never Kafka's: the database holds them
        return p;
    }

    /** For listing and creating topics. */
    Properties admin() {
        Properties p = base();
        p.putAll(client);
        return p;
    }

    private Properties base() {
        Properties p = new Properties();
        p.put("bootstrap.servers", brokers);
        p.put("client.id", "webtop");
        return p;
    }

    /** The hint of every "cannot reach Kafka" message. */
    String unreachable(String what) {
        return what + " at " + brokers + " did not answer; is the broker running? (to try one here: scripts/kafka start)";
    }
}
