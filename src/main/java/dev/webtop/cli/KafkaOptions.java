package dev.webtop.cli;

import dev.webtop.kafka.KafkaSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --kafka and --kafka-config, for the commands that can publish to Kafka (or record from it). */
public final class KafkaOptions {
    @Option(names = "--kafka", paramLabel = "BROKERS",
        description = "Kafka's brokers, host:port[,host:port...]: send to Kafka instead of the database; "
            + "`webtop record` stores what arrives there.")
    String brokers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
        description = "Kafka client properties (TLS, SASL, ...) and webtop.topic.traffic, .probes, .dead-letters.")
    Path config;

    boolean enabled() {
        return brokers != null || config != null;
    }

    /** The settings, or null without --kafka; exit 2 for bad ones. */
    KafkaSettings settings() {
        return enabled() ? KafkaSettings.of(brokers, config) : null;
    }
}
