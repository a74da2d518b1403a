package dev.webtop.generate;

import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.traffic.Checkpoint;
import dev.webtop.traffic.LogBatch;
import dev.webtop.traffic.LogSlice;
import dev.webtop.traffic.RowSink;
import dev.webtop.traffic.Source;
import dev.webtop.traffic.TrafficWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One `webtop generate`: a producer makes one second of events at a time, cuts it into slices,
 * paces them (token bucket) unless the rate is unlimited, and hands them through a small bounded
 * queue to writers, each on its own connection. Only committed rows are counted, so what is
 * reported is what the table holds; stop() lets the slices being written commit and ends the run.
 */
public final class LoadRun {
    /** What was committed, and how fast. */
    public record Summary(long rows, long bots, double seconds, boolean stopped) {
        public double rowsPerSecond() {
            return seconds > 0 ? rows / seconds : 0;
        }
    }

    private final DbTarget target;
    private final Supplier<RowSink> sinks;
    private final LoadPlan plan;
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong committedBots = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private volatile boolean stopping;
    private volatile boolean producerDone;
    private volatile long startedNanos;
    private volatile long scheduleEndNanos;
    private final AtomicLong lastCommitNanos = new AtomicLong();

    public LoadRun(DbTarget target, LoadPlan plan) {
        this.target = target;
        this.sinks = () -> new TrafficWriter(target);
        this.plan = plan;
    }

    /** A run whose rows go elsewhere than the database (to Kafka, for `webtop record` to store). */
    public LoadRun(Supplier<RowSink> sinks, LoadPlan plan) {
        this.target = null;
        this.sinks = sinks;
        this.plan = plan;
    }

    /** What retention keeps of the rows this run writes, said before it writes them. */
    public String retention() {
        try (TrafficWriter writer = new TrafficWriter(target)) {
            Instant first = Instant.ofEpochSecond(plan.firstSecond());
            return writer.retention().describe(first, first.plusSeconds(Math.max(0, plan.seconds() - 1)));
        }
    }

    public long committed() {
        return committed.get();
    }

    /** Whether the writers were connected and the run began (so a count is worth reporting). */
    public boolean started() {
        return startedNanos != 0;
    }

    /** Ends the run soon: no new slices; those being written are committed. */
    public void stop() {
        stopping = true;
    }

    /** Runs to the end (or to stop(), or to a database failure, which is thrown after the writers end). */
    public Summary run() throws InterruptedException {
        BlockingQueue<LogSlice> queue = new ArrayBlockingQueue<>(Math.max(2, plan.workers()));
        List<RowSink> writers = new ArrayList<>();
        try {
            for (int w = 0; w < plan.workers(); w++) {
                writers.add(sinks.get());
            }
            startedNanos = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (RowSink writer : writers) {
                Thread thread = new Thread(() -> write(writer, queue), "webtop-writer-" + threads.size());
                thread.start();
                threads.add(thread);
            }
            produce(queue);
            producerDone = true;
            for (Thread thread : threads) {
                thread.join();
            }
        } finally {
            writers.forEach(RowSink::close);
        }
        // until the last commit (or the schedule's end), not until the idle writers noticed
        double seconds = (Math.max(lastCommitNanos.get(), scheduleEndNanos) - startedNanos) / 1e9;
        if (failure.get() != null) {
            throw failure.get();
        }
        return new Summary(committed.get(), committedBots.get(), seconds, stopping);
    }

    private void produce(BlockingQueue<LogSlice> queue) throws InterruptedException {
        EventGenerator generator = new EventGenerator(plan.events());
        TokenBucket bucket = plan.paced() ? TokenBucket.realTime(Math.max(1, plan.shape().perSecond(0))) : null;
        LogBatch pending = null;   // unpaced: seconds gathered until a batch is full
        long produced = 0;
        for (long s = 0; !stopping && failure.get() == null; s++) {
            if (plan.seconds() >= 0 && s >= plan.seconds()) {
                break;
            }
            long wanted = plan.shape().perSecond(s);
            if (plan.count() >= 0) {
                wanted = Math.min(wanted, plan.count() - produced);
                if (wanted <= 0) {
                    break;
                }
            }
            produced += wanted;
            if (bucket == null) {
                pending = generator.second(plan.firstSecond() + s, (int) wanted,
                    pending != null ? pending : new LogBatch(Source.GENERATED, plan.batchSize()));
                if (pending.size() >= plan.batchSize() && !hand(queue, LogSlice.all(pending))) {
                    return;
                }
                pending = pending.size() >= plan.batchSize() ? null : pending;
                continue;
            }
            // paced: a tenth of the second at a time, each slice waiting for its tokens
            LogBatch second = generator.second(plan.firstSecond() + s, (int) wanted);
            if (s == 0) {
                startedNanos = System.nanoTime();   // the rate is measured from the schedule's start
            }
            int slice = (int) Math.max(1, Math.min(plan.batchSize(), Math.ceil(wanted / 10.0)));
            if (wanted > 0) {
                bucket.setRate(wanted);
            }
            for (int from = 0; from < second.size(); from += slice) {
                int to = Math.min(second.size(), from + slice);
                bucket.acquire(to - from);
                if (!hand(queue, new LogSlice(second, from, to))) {
                    return;
                }
            }
        }
        if (pending != null && pending.size() > 0) {
            hand(queue, LogSlice.all(pending));
        }
        if (bucket != null && !stopping && failure.get() == null) {
            bucket.awaitSchedule();   // the last tenth of the last second is part of the run too
        }
        scheduleEndNanos = System.nanoTime();
    }

    /** Queues a slice for the writers; false when the run is stopping or failed meanwhile. */
    private boolean hand(BlockingQueue<LogSlice> queue, LogSlice slice) throws InterruptedException {
        while (!queue.offer(slice, 100, TimeUnit.MILLISECONDS)) {
            if (stopping || failure.get() != null) {
                return false;
            }
        }
        return !stopping && failure.get() == null;
    }

    private void write(RowSink writer, BlockingQueue<LogSlice> queue) {
        String writerKey = "generate " + UUID.randomUUID();
        long batches = 0;
        try {
            while (failure.get() == null) {
                LogSlice slice = queue.poll(100, TimeUnit.MILLISECONDS);
                if (slice == null) {
                    if (producerDone || stopping) {
                        return;
                    }
                    continue;
                }
                if (stopping && !producerDone) {
                    // stopping: what is queued was never reported, so it may be left out
                    queue.clear();
                    return;
                }
                Checkpoint.BatchTag tag = new Checkpoint.BatchTag(writerKey, Long.toString(++batches));
                long rows;
                try {
                    rows = writer.write(slice, tag);
                } catch (WebtopException e) {
                    if (target == null || e.exitCode() != ExitCode.DB_UNREACHABLE || !landed(tag)) {
                        throw e;
                    }
                    // the connection broke after the commit: the rows are stored, so they are counted
                    rows = slice.to() - slice.from();
                    committed.addAndGet(rows);
                    committedBots.addAndGet(slice.batch().bots(slice.from(), slice.to()));
                    throw e;
                }
                committed.addAndGet(rows);
                committedBots.addAndGet(slice.batch().bots(slice.from(), slice.to()));
                lastCommitNanos.accumulateAndGet(System.nanoTime(), Math::max);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (WebtopException e) {
            failure.compareAndSet(null, e);
        } finally {
            if (batches > 0 && target != null) {
                forget(new Checkpoint.BatchTag(writerKey, ""));
            }
        }
    }

    /** Whether a batch whose commit lost its answer was committed, asked on a new connection. */
    private boolean landed(Checkpoint.BatchTag tag) {
        try (TrafficWriter asking = new TrafficWriter(target)) {
            return asking.landed(tag);
        } catch (WebtopException e) {
            return false;   // the database is away: the batch counts as not stored
        }
    }

    /** A writer's batch tags are only for the run: gone with it (or left as one row when the database is away). */
    private void forget(Checkpoint.BatchTag tag) {
        try (TrafficWriter asking = new TrafficWriter(target)) {
            asking.forget(tag);
        } catch (WebtopException e) {
            // one small row stays behind
        }
    }
}
