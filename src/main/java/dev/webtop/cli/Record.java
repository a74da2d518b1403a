package dev.webtop.cli;

import dev.webtop.alert.AlertDispatcher;
import dev.webtop.base.ExitCode;
import dev.webtop.base.Json;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.kafka.KafkaSettings;
import dev.webtop.kafka.Recorder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

@Command(name = "record", mixinStandardHelpOptions = true,
    description = {"Store what probes, collectors and log shippers publish to Kafka (--kafka on probe, serve, "
        + "ingest and generate), exactly once, until interrupted.",
        "Each batch of messages is stored in one transaction with every partition's next offset; offsets live in "
            + "the database, not in Kafka, so a recorder killed at any moment resumes where its last commit ended. "
            + "Several recorders in one consumer group (webtop-record, or group.id in --kafka-config) share the "
            + "partitions. A message that is not of webtop's format goes to the dead-letter topic with its reason. "
            + "While the database is away, recording pauses and resumes."},
    footerHeading = "%nExamples:%n",
    footer = {"  scripts/kafka start                                   (a broker to try it with)",
        "  ./webtop record --kafka 127.0.0.1:9092",
        "  ./webtop record --kafka broker1:9093,broker2:9093 --kafka-config client.properties"})
public final class Record extends WebtopCommand {
    private static final Duration ALERTS_EVERY = Duration.ofSeconds(10);

    @Mixin
    DbOptions db;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    JsonOutput output;

    @Option(names = "--workers", paramLabel = "N", description = "Writers storing at once, each on its own connection "
        + "(default: the cores here, at most 4).")
    Integer workers;

    @Override
    protected int execute() throws Exception {
        KafkaSettings settings = kafka.settings();
        if (settings == null) {
            throw WebtopException.badInput("record needs --kafka BROKERS, like --kafka 127.0.0.1:9092");
        }
        int writers = workers == null ? Math.min(4, Runtime.getRuntime().availableProcessors()) : workers;
        if (writers < 1 || writers > 64) {
            throw WebtopException.badInput("--workers must be from 1 to 64, not " + writers);
        }
        DbTarget target = db.target(environment());
        try (Recorder recorder = new Recorder(settings, target, writers, this::warn);
             AlertDispatcher alerts = new AlertDispatcher(() -> target).start(ALERTS_EVERY, this::warn)) {
            for (String signal : new String[] {"TERM", "INT"}) {   // a service's stop: exit 0 after the summary
                Signal.handle(new Signal(signal), s -> recorder.stop());
            }
            if (!output.json) {
                err().println("webtop: recording " + settings.trafficTopic() + " and " + settings.probesTopic()
                    + " from " + settings.brokers() + " as group " + settings.group() + " (Ctrl-C stops)");
            }
            try {
                recorder.run();
            } finally {
                print(recorder.totals());
            }
            return ExitCode.OK;
        }
    }

    private void print(Recorder.Totals totals) {
        if (output.json) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("messages", totals.messages());
            fields.put("rows", totals.rows());
            fields.put("probe_results", totals.probeResults());
            fields.put("dead_letters", totals.deadLetters());
            fields.put("shipped_twice", totals.shippedTwice());
            out().println(Json.write(fields));
        } else {
            out().printf(Locale.ROOT, "%,d messages stored: %,d rows, %,d probe results; %,d dead letters; "
                + "%,d log lines shipped twice, stored once%n", totals.messages(), totals.rows(), totals.probeResults(),
                totals.deadLetters(), totals.shippedTwice());
        }
    }
}
