package dev.webtop.kafka;

import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.probe.ProbeResult;
import dev.webtop.probe.ProbeStore;
import dev.webtop.traffic.Checkpoint;
import dev.webtop.traffic.LogBatch;
import dev.webtop.traffic.LogSlice;
import dev.webtop.traffic.OffsetMoved;
import dev.webtop.traffic.RowJson;
import dev.webtop.traffic.Source;
import dev.webtop.traffic.TrafficWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * `webtop record`: consumes the traffic and probe topics and stores each poll's messages through
 * the one write path, together with every partition's next offset, in one transaction. Offsets
 * live in the database, never in Kafka: on assignment a partition is read from its stored offset,
 * so a recorder killed at any moment and started again stores every message once, and a
 * rebalance between recorders of one group neither loses nor doubles one. A message that is not
 * of the schema goes to the dead-letter topic with its reason, and its partition goes on. While
 * the database is away the partitions are paused (the group keeps them) and read again from the
 * stored offsets once it is back.
 */
public final class Recorder implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long RECONNECT_MILLIS = 1000;
    private static final int SLICE = 20_000;
    /** How often the partitions' end offsets are written down, for the lag that status and /metrics show. */
    private static final long LAG_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    /**
     * Totals since the start: messages stored, rows of logs, probe results, dead letters, and
     * lines a log shipper sent again that were already stored.
     */
    public record Totals(long messages, long rows, long probeResults, long deadLetters, long shippedTwice) {
    }

    private final KafkaSettings settings;
    private final DbTarget target;
    private final Consumer<String> notices;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DeadLetters deadLetters;
    private final Set<TopicPartition> unpositioned = new HashSet<>();
    private final Map<Source, LogBatch> batches = new EnumMap<>(Source.class);
    private final RowJson rows = new RowJson();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong rowsStored = new AtomicLong();
    private final AtomicLong probeResults = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong shippedTwice = new AtomicLong();
    private final ShippedLines shipped = new ShippedLines();
    private volatile boolean stopping;
    private TrafficWriter writer;
    private long lagWrittenNanos;

    public Recorder(KafkaSettings settings, DbTarget target, Consumer<String> notices) {
        this.settings = settings;
        this.target = target;
        this.notices = notices;
        this.writer = new TrafficWriter(target);
        this.lagWrittenNanos = System.nanoTime() - LAG_EVERY_NANOS;   // at once, once partitions are assigned
        Topics.ensure(settings, settings.trafficTopic(), settings.probesTopic(), settings.deadLetterTopic());
        try {
            this.consumer = new KafkaConsumer<>(settings.consumer());
            this.deadLetters = new DeadLetters(settings, notices);
        } catch (KafkaException e) {
            writer.close();
            throw WebtopException.badInput("the Kafka client settings are wrong: " + e.getMessage());
        }
    }

    public Totals totals() {
        return new Totals(messages.get(), rowsStored.get(), probeResults.get(), deadLettered.get(), shippedTwice.get());
    }

    /** Ends run() after the batch being stored commits. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    /** Records until stop(); a database that goes away is waited for. */
    public void run() {
        consumer.subscribe(List.of(settings.trafficTopic(), settings.probesTopic()), new Positions());
        try {
            while (!stopping) {
                if (writer == null && !reconnect()) {
                    continue;
                }
                position();
                ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL);
                if (!polled.isEmpty()) {
                    store(polled, polled.count());
                }
                if (System.nanoTime() - lagWrittenNanos > LAG_EVERY_NANOS) {
                    writeEndOffsets();
                }
            }
        } catch (WakeupException e) {
            // stop(): the batch before it was committed, the one after it never read
        }
    }

    /** Reads each newly assigned partition from its stored offset (or its beginning). */
    private void position() {
        if (unpositioned.isEmpty() || writer == null) {
            return;
        }
        try {
            for (TopicPartition partition : unpositioned) {
                Long stored = writer.offset(partition.topic(), partition.partition());
                if (stored == null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, stored);
                }
            }
            consumer.resume(unpositioned);
            unpositioned.clear();
        } catch (WebtopException e) {
            lost(e);
        }
    }

    /**
     * Stores a poll's messages in one transaction. Should the database refuse it for anything but
     * going away, each message is stored on its own, and one it refuses goes to the dead letters.
     */
    private void store(Iterable<ConsumerRecord<byte[], byte[]>> polled, int count) {
        batches.values().forEach(LogBatch::clear);
        Map<Boolean, List<ProbeResult>> probes = new LinkedHashMap<>();
        deadLetters.clear();
        Map<TopicPartition, long[]> ranges = new LinkedHashMap<>();
        long twice = 0;
        for (ConsumerRecord<byte[], byte[]> message : polled) {
            TopicPartition partition = new TopicPartition(message.topic(), message.partition());
            ranges.computeIfAbsent(partition, p -> new long[] {message.offset(), 0})[1] = message.offset() + 1;
            try {
                if (message.value() == null) {
                    throw new RowJson.Malformed("the message is empty");
                }
                if (message.topic().equals(settings.trafficTopic())) {
                    Source source = RowJson.source(message.value());
                    LogBatch batch = batches.computeIfAbsent(source, s -> new LogBatch(s, SLICE));
                    rows.decode(message.value(), batch);
                    if (rows.origin() != null && !shipped.fresh(writer, rows.origin(), rows.offset())) {
                        batch.dropLast();
                        twice++;
                    }
                } else {
                    ProbeMessages.Message probe = ProbeMessages.decode(message.value());
                    probes.computeIfAbsent(probe.smart(), s -> new ArrayList<>()).add(probe.result());
                }
            } catch (RowJson.Malformed e) {
                deadLetters.add(message, e.getMessage());
            }
        }
        List<Checkpoint> offsets = new ArrayList<>();
        ranges.forEach((p, range) -> offsets.add(new Checkpoint.PartitionOffset(p.topic(), p.partition(), range[0], range[1])));
        offsets.addAll(shipped.checkpoints());
        try {
            int dead = deadLetters.send();
            long stored = 0;
            for (LogBatch batch : batches.values()) {
                for (int from = 0; from < batch.size(); from += SLICE) {
                    stored += writer.append(new LogSlice(batch, from, Math.min(batch.size(), from + SLICE)));
                }
            }
            for (Map.Entry<Boolean, List<ProbeResult>> smart : probes.entrySet()) {
                writer.within(db -> {
                    ProbeStore.store(db, smart.getValue(), smart.getKey());
                    return null;
                });
            }
            writer.commit(offsets);
            shipped.committed();
            shippedTwice.addAndGet(twice);
            messages.addAndGet(count);
            rowsStored.addAndGet(stored);
            probes.values().forEach(list -> probeResults.addAndGet(list.size()));
            deadLettered.addAndGet(dead);
        } catch (OffsetMoved e) {
            shipped.forget();
            notices.accept("another recorder stored " + e.getMessage().split(" ")[1]
                + " first; reading from what it stored");
            unpositioned.addAll(consumer.assignment());
        } catch (WebtopException e) {
            shipped.forget();
            if (e.exitCode() == ExitCode.DB_UNREACHABLE && writer != null) {
                lost(e);
                return;
            }
            if (e.exitCode() == ExitCode.DB_UNREACHABLE || writer == null || !(e.getCause() instanceof SQLException)) {
                throw e;
            }
            writer.rollback();
            if (count > 1) {
                polled.forEach(message -> store(List.of(message), 1));
            } else {
                refused(polled.iterator().next(), e);
            }
        }
    }

    /** A message the database refuses on its own: to the dead letters, and its offset passed. */
    private void refused(ConsumerRecord<byte[], byte[]> message, WebtopException refusal) {
        deadLetters.clear();
        deadLetters.add(message, refusal.getMessage());
        deadLettered.addAndGet(deadLetters.send());
        writer.commit(List.of(new Checkpoint.PartitionOffset(message.topic(), message.partition(), message.offset(),
            message.offset() + 1)));
        messages.incrementAndGet();
    }

    /** Each assigned partition's end offset as Kafka tells it now (a failure to ask waits for the next time). */
    private void writeEndOffsets() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (writer == null || assigned.isEmpty()) {
            return;   // again after the next poll
        }
        lagWrittenNanos = System.nanoTime();
        Map<TopicPartition, Long> ends;
        try {
            ends = consumer.endOffsets(assigned, Duration.ofSeconds(5));
        } catch (KafkaException e) {
            return;
        }
        try {
            writer.within(db -> EndOffsets.save(db, ends, settings.group()));
            writer.commit();
        } catch (WebtopException e) {
            if (e.exitCode() != ExitCode.DB_UNREACHABLE) {
                throw e;
            }
            lost(e);
        }
    }

    /** The database went away: pause every partition until it is back, then read from what it stored. */
    private void lost(WebtopException e) {
        notices.accept(e.getMessage() + "; pausing the partitions and retrying every "
            + RECONNECT_MILLIS / 1000 + " s (nothing read is lost)");
        if (writer != null) {
            writer.close();
            writer = null;
        }
        unpositioned.addAll(consumer.assignment());
        consumer.pause(consumer.assignment());
    }

    /** One try at a new connection, after a pause that keeps this recorder in its group. */
    private boolean reconnect() {
        consumer.poll(Duration.ofMillis(RECONNECT_MILLIS));   // paused: returns nothing, keeps the membership
        try {
            writer = new TrafficWriter(target);
            notices.accept("the database is back; recording from the stored offsets");
            return true;
        } catch (WebtopException e) {
            if (e.exitCode() != ExitCode.DB_UNREACHABLE) {
                throw e;
            }
            return false;
        }
    }

    /** Rebalances: partitions gained are read from their stored offsets; nothing is pending when they are lost. */
    private final class Positions implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            unpositioned.addAll(partitions);
            consumer.pause(partitions);   // until position() has sought them
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            unpositioned.removeAll(partitions);
        }
    }

    @Override
    public void close() {
        consumer.close();
        deadLetters.close();
        if (writer != null) {
            writer.close();
        }
    }
}
