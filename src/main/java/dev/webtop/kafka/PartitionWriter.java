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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One of `record`'s writers, on a thread and a connection of its own: it decodes the messages of
 * the partitions given to it and stores each batch in one transaction with those partitions' next
 * offsets, batch after batch in the order given. A batch the database refuses for anything but
 * going away is stored message by message, and a message it refuses goes to the dead letters. When
 * the database goes away, or another recorder stored a partition first, the writer stops and
 * drops what waits, until the recorder has recovered (recover()).
 */
final class PartitionWriter implements AutoCloseable {
    private static final int SLICE = 20_000;
    private static final int WAITING = 2;
    private static final int MOST_PER_TRANSACTION = 100_000;

    private final KafkaSettings settings;
    private final DbTarget target;
    private final Tally tally;
    private final DeadLetters deadLetters;
    private final Deque<List<ConsumerRecord<byte[], byte[]>>> queue = new ArrayDeque<>();
    /** Messages queued or being stored, per partition: a partition moves to another writer only when it has none here. */
    private final Map<TopicPartition, Integer> held = new HashMap<>();
    private long load;
    private final Map<Source, LogBatch> batches = new EnumMap<>(Source.class);
    private final RowJson rows = new RowJson();
    private final ShippedLines shipped = new ShippedLines();
    private final Thread thread;
    private boolean busy;
    private boolean closing;
    private volatile RuntimeException failure;
    private TrafficWriter writer;

    PartitionWriter(KafkaSettings settings, DbTarget target, Tally tally, DeadLetters deadLetters, String name) {
        this.settings = settings;
        this.target = target;
        this.tally = tally;
        this.deadLetters = deadLetters;
        this.writer = new TrafficWriter(target);
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a batch; waits while two are queued already, so that memory stays bounded. */
    synchronized void submit(List<ConsumerRecord<byte[], byte[]>> messages) throws InterruptedException {
        while (queue.size() >= WAITING && failure == null) {
            wait();
        }
        if (failure == null) {
            queue.add(messages);
            for (ConsumerRecord<byte[], byte[]> message : messages) {
                held.merge(new TopicPartition(message.topic(), message.partition()), 1, Integer::sum);
            }
            load += messages.size();
            notifyAll();
        }
    }

    /** Whether messages of the partition are queued here or being stored. */
    synchronized boolean holds(TopicPartition partition) {
        return held.containsKey(partition);
    }

    /** Messages queued here or being stored. */
    synchronized long load() {
        return load;
    }

    private synchronized void done(List<ConsumerRecord<byte[], byte[]>> messages) {
        for (ConsumerRecord<byte[], byte[]> message : messages) {
            held.computeIfPresent(new TopicPartition(message.topic(), message.partition()), (p, n) -> n == 1 ? null : n - 1);
        }
        load -= messages.size();
        busy = false;
        notifyAll();
    }

    /** Waits until every batch queued is stored (or dropped after a failure). */
    synchronized void awaitIdle() throws InterruptedException {
        while (!queue.isEmpty() || busy) {
            wait();
        }
    }

    /** What stopped this writer (the database gone, a partition stored elsewhere), or null. */
    RuntimeException failure() {
        return failure;
    }

    /** After a failure: connects again if the connection was lost, and takes batches again. */
    synchronized void recover() {
        if (writer == null) {
            writer = new TrafficWriter(target);
        }
        shipped.forget();
        failure = null;
        notifyAll();
    }

    private void run() {
        while (true) {
            List<ConsumerRecord<byte[], byte[]>> next;
            synchronized (this) {
                while (queue.isEmpty() && !closing) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (queue.isEmpty()) {
                    return;
                }
                next = queue.poll();
                while (!queue.isEmpty() && next.size() + queue.peek().size() <= MOST_PER_TRANSACTION) {
                    next = concat(next, queue.poll());   // under load: fewer, bigger transactions
                }
                busy = true;
                notifyAll();
            }
            try {
                store(next);
            } catch (OffsetMoved | WebtopException e) {
                failed(e);
            } catch (RuntimeException e) {
                failed(WebtopException.failure("recording failed: " + e, e));
            } finally {
                done(next);
            }
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> concat(List<ConsumerRecord<byte[], byte[]>> a,
                                                              List<ConsumerRecord<byte[], byte[]>> b) {
        List<ConsumerRecord<byte[], byte[]>> both = new ArrayList<>(a.size() + b.size());
        both.addAll(a);
        both.addAll(b);
        return both;
    }

    private synchronized void failed(RuntimeException e) {
        failure = e;
        queue.clear();   // read again from the stored offsets once recovered
        held.clear();
        load = 0;
        if (e instanceof WebtopException w && w.exitCode() == ExitCode.DB_UNREACHABLE && writer != null) {
            writer.close();
            writer = null;
        }
        notifyAll();
    }

    private void store(List<ConsumerRecord<byte[], byte[]>> messages) {
        batches.values().forEach(LogBatch::clear);
        Map<Boolean, List<ProbeResult>> probes = new LinkedHashMap<>();
        deadLetters.clear();
        Map<TopicPartition, long[]> ranges = new LinkedHashMap<>();
        long twice = 0;
        for (ConsumerRecord<byte[], byte[]> message : messages) {
            TopicPartition partition = new TopicPartition(message.topic(), message.partition());
            ranges.computeIfAbsent(partition, p -> new long[] {message.offset(), 0})[1] = message.offset() + 1;
            try {
                if (message.value() == null) {
                    throw new RowJson.Malformed("the message is empty");
                }
                if (message.topic().equals(settings.trafficTopic())) {
                    LogBatch batch = rows.decode(message.value(), this::batchOf);
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
            tally.stored(messages.size(), stored, probes.values().stream().mapToLong(List::size).sum(), dead, twice);
        } catch (WebtopException e) {
            shipped.forget();
            if (e.exitCode() == ExitCode.DB_UNREACHABLE || !(e.getCause() instanceof SQLException)) {
                throw e;
            }
            writer.rollback();
            if (messages.size() > 1) {
                messages.forEach(message -> store(List.of(message)));
            } else {
                refused(messages.get(0), e);
            }
        } catch (OffsetMoved e) {
            shipped.forget();
            throw e;
        }
    }

    private LogBatch batchOf(Source source) {
        return batches.computeIfAbsent(source, s -> new LogBatch(s, SLICE));
    }

    /** A message the database refuses on its own: to the dead letters, and its offset passed. */
    private void refused(ConsumerRecord<byte[], byte[]> message, WebtopException refusal) {
        deadLetters.clear();
        deadLetters.add(message, refusal.getMessage());
        int dead = deadLetters.send();
        writer.commit(List.of(new Checkpoint.PartitionOffset(message.topic(), message.partition(), message.offset(),
            message.offset() + 1)));
        tally.stored(1, 0, 0, dead, 0);
    }

    @Override
    public void close() {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (writer != null) {
                writer.close();
            }
        }
    }
}
