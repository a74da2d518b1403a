package dev.webtop.kafka;

import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.traffic.OffsetMoved;
import dev.webtop.traffic.TrafficWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * `webtop record`: consumes the traffic and probe topics and has its writers (PartitionWriter;
 * a partition's batches are with one writer at a time) store the messages through the one write path, each
 * batch with its partitions' next offsets in one transaction. Offsets live in the database, never
 * in Kafka: on assignment a partition is read from its stored offset, so a recorder killed at any
 * moment and started again stores every message once, and a rebalance between recorders of one
 * group neither loses nor doubles one (a partition is handed over only once its batches are
 * committed, and a recorder that lost one is fenced by its stored offset). While the database is
 * away the partitions are paused (the group keeps them) and read again from the stored offsets
 * once it is back.
 */
public final class Recorder implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long RECONNECT_MILLIS = 1000;
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
    private final Producer<byte[], byte[]> deadLetters;
    private final List<PartitionWriter> writers = new ArrayList<>();
    private final Tally tally = new Tally();
    private final Set<TopicPartition> unpositioned = new HashSet<>();
    private final Map<TopicPartition, PartitionWriter> owners = new HashMap<>();
    private volatile boolean stopping;
    private TrafficWriter offsets;   // this thread's: stored offsets read, end offsets written
    private long lagWrittenNanos;

    /** workers: writers storing at once, each on its own connection. */
    public Recorder(KafkaSettings settings, DbTarget target, int workers, Consumer<String> notices) {
        this.settings = settings;
        this.target = target;
        this.notices = notices;
        this.offsets = new TrafficWriter(target);
        this.lagWrittenNanos = System.nanoTime() - LAG_EVERY_NANOS;   // at once, once partitions are assigned
        try {
            Topics.ensure(settings, settings.trafficTopic(), settings.probesTopic(), settings.deadLetterTopic());
            this.consumer = new KafkaConsumer<>(settings.consumer());
            this.deadLetters = new KafkaProducer<>(settings.producer());
            for (int w = 0; w < workers; w++) {
                writers.add(new PartitionWriter(settings, target, tally, new DeadLetters(settings, deadLetters, notices),
                    "webtop-record-writer-" + w));
            }
        } catch (KafkaException e) {
            close();
            throw WebtopException.badInput("the Kafka client settings are wrong: " + e.getMessage());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public Totals totals() {
        return tally.totals();
    }

    /** Ends run() once the batches read are committed. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    /** Records until stop(); a database that goes away is waited for. */
    public void run() throws InterruptedException {
        consumer.subscribe(List.of(settings.trafficTopic(), settings.probesTopic()), new Handover());
        try {
            while (!stopping) {
                RuntimeException trouble = trouble();
                if (trouble != null) {
                    recover(trouble);
                    continue;
                }
                position();
                ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL);
                if (!polled.isEmpty()) {
                    handOut(polled);
                }
                if (System.nanoTime() - lagWrittenNanos > LAG_EVERY_NANOS) {
                    writeEndOffsets();
                }
            }
        } catch (WakeupException e) {
            // stop(): what was handed out is committed below, nothing after it was read
        }
        awaitWriters();
    }

    /**
     * Each writer gets its partitions' messages of the poll as one batch. A partition stays with
     * its writer while that one holds some of its messages (so that they commit in order);
     * otherwise it goes to the least loaded writer, as busy partitions come and go.
     */
    private void handOut(ConsumerRecords<byte[], byte[]> polled) throws InterruptedException {
        Map<PartitionWriter, List<ConsumerRecord<byte[], byte[]>>> shares = new HashMap<>();
        Map<PartitionWriter, Long> loads = new HashMap<>();
        writers.forEach(w -> loads.put(w, w.load()));
        for (TopicPartition partition : polled.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> messages = polled.records(partition);
            PartitionWriter writer = owners.get(partition);
            if (writer == null || !writer.holds(partition)) {
                writer = writers.stream().min(Comparator.comparing(loads::get)).orElseThrow();
                owners.put(partition, writer);
            }
            loads.merge(writer, (long) messages.size(), Long::sum);
            shares.computeIfAbsent(writer, w -> new ArrayList<>()).addAll(messages);
        }
        for (Map.Entry<PartitionWriter, List<ConsumerRecord<byte[], byte[]>>> share : shares.entrySet()) {
            share.getKey().submit(share.getValue());
        }
    }

    private RuntimeException trouble() {
        for (PartitionWriter writer : writers) {
            if (writer.failure() != null) {
                return writer.failure();
            }
        }
        return offsets == null ? WebtopException.unreachable("the database connection was lost") : null;
    }

    /**
     * A writer stopped: once the others have committed what they hold, every partition is read
     * again from its stored offset; after a lost database, only once it answers again.
     */
    private void recover(RuntimeException trouble) throws InterruptedException {
        awaitWriters();
        boolean lost = trouble instanceof WebtopException w && w.exitCode() == ExitCode.DB_UNREACHABLE;
        if (trouble instanceof OffsetMoved moved) {
            notices.accept("another recorder stored " + moved.partition() + " first; reading from what it stored");
        } else if (lost) {
            notices.accept(trouble.getMessage() + "; pausing the partitions and retrying every "
                + RECONNECT_MILLIS / 1000 + " s (nothing read is lost)");
            consumer.pause(consumer.assignment());
        } else {
            throw trouble;
        }
        while (true) {
            try {
                if (offsets == null) {
                    offsets = new TrafficWriter(target);
                }
                writers.forEach(PartitionWriter::recover);
                break;
            } catch (WebtopException e) {
                if (e.exitCode() != ExitCode.DB_UNREACHABLE || stopping) {
                    throw e;
                }
                consumer.poll(Duration.ofMillis(RECONNECT_MILLIS));   // paused: returns nothing, keeps the membership
            }
        }
        if (lost) {
            notices.accept("the database is back; recording from the stored offsets");
        }
        unpositioned.addAll(consumer.assignment());
    }

    /** Reads each newly assigned (or recovered) partition from its stored offset, or its beginning. */
    private void position() {
        if (unpositioned.isEmpty()) {
            return;
        }
        try {
            for (TopicPartition partition : unpositioned) {
                Long stored = offsets.offset(partition.topic(), partition.partition());
                if (stored == null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, stored);
                }
            }
            consumer.resume(unpositioned);
            unpositioned.clear();
        } catch (WebtopException e) {
            lostOffsets(e);
        }
    }

    /** Each assigned partition's end offset as Kafka tells it now (a failure to ask waits for the next time). */
    private void writeEndOffsets() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
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
            offsets.within(db -> EndOffsets.save(db, ends, settings.group()));
            offsets.commit();
        } catch (WebtopException e) {
            lostOffsets(e);
        }
    }

    private void lostOffsets(WebtopException e) {
        if (e.exitCode() != ExitCode.DB_UNREACHABLE) {
            throw e;
        }
        offsets.close();
        offsets = null;
        unpositioned.addAll(consumer.assignment());
        consumer.pause(consumer.assignment());
    }

    private void awaitWriters() throws InterruptedException {
        for (PartitionWriter writer : writers) {
            writer.awaitIdle();
        }
    }

    /** Partitions gained are read from their stored offsets; one is let go only once its batches are committed. */
    private final class Handover implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            unpositioned.addAll(partitions);
            consumer.pause(partitions);   // until position() has sought them
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            try {
                awaitWriters();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            unpositioned.removeAll(partitions);
        }
    }

    @Override
    public void close() {
        writers.forEach(PartitionWriter::close);
        if (consumer != null) {
            consumer.close();
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
        if (offsets != null) {
            offsets.close();
        }
    }
}
