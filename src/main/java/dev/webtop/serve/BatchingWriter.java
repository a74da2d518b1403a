package dev.webtop.serve;

import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.traffic.BotRules;
import dev.webtop.traffic.Checkpoint;
import dev.webtop.traffic.LogBatch;
import dev.webtop.traffic.LogSlice;
import dev.webtop.traffic.RowSink;
import dev.webtop.traffic.Source;
import dev.webtop.traffic.TrafficWriter;
import dev.webtop.traffic.ClientDetails;
import dev.webtop.traffic.Visitors;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Stores what the requests send, grouped: one writer thread takes the requests waiting (after
 * lingering a few milliseconds for more, unless a batch's worth waits), writes them in one
 * transaction through the one write path and only then answers each of them. Commits run back to
 * back, so under load each holds what arrived during the one before. A request's rows are never
 * split across transactions, so its answer is all or nothing. Memory is bounded: beyond
 * `capacity` rows waiting, a request is refused at once. While the database is away every
 * request is refused at once and the writer reconnects every second; a batch whose commit was
 * in doubt when the connection broke is answered by what its tag in the database says.
 */
final class BatchingWriter implements AutoCloseable {
    private static final int SLICE = 20_000;
    private static final int ANSWERS_PER_TASK = 256;
    private static final long RECONNECT_MILLIS = 1000;
    /** How long a stopping service waits for the database to settle a batch in doubt. */
    private static final long IN_DOUBT_AT_STOP_MILLIS = 10_000;

    /** What one request asks to store. */
    interface Rows {
        long size();

        /** Adds the rows; names, visitors and details belong to the writer thread, which calls this. */
        void addTo(LogBatch batch, Names names, Visitors visitors, ClientDetails details);
    }

    private record Pending(Rows rows, CompletableFuture<Long> stored) {
    }

    private final DbTarget target;
    private final long lingerMillis;
    private final int batchRows;
    private final long capacity;
    private final ServeCounters counters;
    private final Consumer<String> notices;
    private final String writerKey = "serve " + UUID.randomUUID();
    private final LogBatch batch = new LogBatch(Source.CLIENT, SLICE);
    private final Names names = new Names();
    private final BotRules bots = new BotRules();
    private final Visitors visitors;
    private final ClientDetails details = new ClientDetails();
    private final Deque<Pending> queue = new ArrayDeque<>();
    private final Thread thread;
    private final Executor answers;
    private long queuedRows;
    private long oldestMillis;
    private long batches;
    private volatile String away;   // why the database cannot be written to now, or null
    private volatile boolean stopping;
    private TrafficWriter writer;
    private final RowSink publisher;   // Kafka, or null: the database

    /**
     * answers: where requests are answered, so that the writer thread goes back to writing at
     * once; publisher: where events go instead of the database (Kafka), or null.
     */
    BatchingWriter(DbTarget target, long lingerMillis, int batchRows, long capacity, ServeCounters counters,
                   Executor answers, Consumer<String> notices, Supplier<RowSink> publisher) {
        this.answers = answers;
        this.target = target;
        this.lingerMillis = lingerMillis;
        this.batchRows = batchRows;
        this.capacity = capacity;
        this.counters = counters;
        this.notices = notices;
        this.writer = new TrafficWriter(target);
        this.visitors = new Visitors(writer.visitorSalt());
        this.publisher = publisher == null ? null : publisher.get();
        if (this.publisher != null) {
            closeWriter();   // only the salt was needed: `record` stores the events
        }
        this.thread = new Thread(this::run, "webtop-serve-writer");
        // close() waits for it; a service that failed before close() must still be able to exit
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The most rows one request may hold. */
    long capacity() {
        return capacity;
    }

    /** Why nothing can be stored now (the database is away), or null. */
    String unavailable() {
        return away;
    }

    long queuedRows() {
        synchronized (queue) {
            return queuedRows;
        }
    }

    /** Queues a request's rows; the future completes with their count once committed. */
    CompletableFuture<Long> submit(Rows rows) {
        CompletableFuture<Long> stored = new CompletableFuture<>();
        if (stopping) {
            throw new Refusal("the service is stopping", true);
        }
        String reason = away;
        if (reason != null) {
            throw new Refusal("the database is away (" + reason + ")", true);
        }
        synchronized (queue) {
            if (queuedRows + rows.size() > capacity) {
                throw new Refusal("the queue is full (" + queuedRows + " events waiting to be stored)", true);
            }
            if (queue.isEmpty()) {
                oldestMillis = System.currentTimeMillis();
            }
            queue.add(new Pending(rows, stored));
            queuedRows += rows.size();
            if (queue.size() == 1 || queuedRows >= batchRows) {
                queue.notifyAll();
            }
        }
        return stored;
    }

    private void run() {
        while (true) {
            List<Pending> next = take();
            if (next == null) {
                return;
            }
            try {
                store(next);
            } catch (RuntimeException e) {
                closeWriter();
                answer(next, new Refusal("the events could not be stored: " + e, false));
            }
        }
    }

    /** The requests of the next transaction; null once stopping with nothing left. */
    private List<Pending> take() {
        synchronized (queue) {
            try {
                while (queue.isEmpty()) {
                    if (stopping) {
                        return null;
                    }
                    queue.wait();
                }
                long due = oldestMillis + lingerMillis;
                long now;
                while (!stopping && queuedRows < batchRows && (now = System.currentTimeMillis()) < due) {
                    queue.wait(due - now);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
            List<Pending> next = new ArrayList<>();
            long rows = 0;
            while (!queue.isEmpty() && (next.isEmpty() || rows + queue.peek().rows().size() <= batchRows)) {
                Pending p = queue.poll();
                rows += p.rows().size();
                next.add(p);
            }
            queuedRows -= rows;
            oldestMillis = System.currentTimeMillis();
            return next;
        }
    }

    private void store(List<Pending> requests) {
        if (requests.isEmpty()) {
            return;
        }
        batch.clear();
        names.forgetIfMany();
        for (Pending p : requests) {
            p.rows().addTo(batch, names, visitors, details);
        }
        bots.flagAnyOrder(batch);
        Checkpoint.BatchTag tag = new Checkpoint.BatchTag(writerKey, Long.toString(++batches));
        long started = System.nanoTime();
        try {
            write(tag);
            counters.committed(batch.size(), System.nanoTime() - started);
            answer(requests, null);
        } catch (WebtopException e) {
            if (publisher != null) {
                answer(requests, new Refusal(e.getMessage(), e.exitCode() == ExitCode.DB_UNREACHABLE));
                return;
            }
            if (e.exitCode() != ExitCode.DB_UNREACHABLE) {
                closeWriter();
                answer(requests, new Refusal("the database refused the events: " + e.getMessage(), false));
                return;
            }
            away = e.getMessage();
            notices.accept(e.getMessage() + "; answering 503 and reconnecting every second");
            refuseQueued();
            boolean landed = settle(tag);
            answer(requests, landed ? null : new Refusal("the database went away before the events were stored", true));
            if (landed) {
                counters.committed(batch.size(), System.nanoTime() - started);
            }
        }
    }

    private void write(Checkpoint.BatchTag tag) {
        if (publisher != null) {
            publisher.write(LogSlice.all(batch), tag);   // acknowledged by Kafka when it returns
            return;
        }
        if (writer == null) {
            writer = new TrafficWriter(target);
        }
        for (int from = 0; from < batch.size(); from += SLICE) {
            writer.append(new LogSlice(batch, from, Math.min(batch.size(), from + SLICE)));
        }
        writer.commit(tag, batch.size());
    }

    /**
     * Waits for the database to answer again and says whether the batch with this tag was
     * committed. A stopping service waits a little, then counts the batch as not stored.
     */
    private boolean settle(Checkpoint.BatchTag tag) {
        closeWriter();
        long giveUp = Long.MAX_VALUE;
        while (true) {
            if (stopping && giveUp == Long.MAX_VALUE) {
                giveUp = System.currentTimeMillis() + IN_DOUBT_AT_STOP_MILLIS;
            }
            try {
                writer = new TrafficWriter(target);
                boolean landed = writer.landed(tag);
                away = null;
                notices.accept("the database is back; storing events again");
                return landed;
            } catch (WebtopException e) {
                closeWriter();
                if (e.exitCode() != ExitCode.DB_UNREACHABLE || System.currentTimeMillis() > giveUp) {
                    away = null;
                    return false;
                }
            }
            refuseQueued();
            try {
                Thread.sleep(RECONNECT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private void refuseQueued() {
        List<Pending> refused;
        synchronized (queue) {
            refused = new ArrayList<>(queue);
            queue.clear();
            queuedRows = 0;
        }
        answer(refused, new Refusal("the database is away (" + away + ")", true));
    }

    /** Completes the requests' futures on the answering threads, a few hundred per task. */
    private void answer(List<Pending> requests, Refusal refused) {
        for (int from = 0; from < requests.size(); from += ANSWERS_PER_TASK) {
            List<Pending> some = requests.subList(from, Math.min(requests.size(), from + ANSWERS_PER_TASK));
            Runnable task = () -> {
                for (Pending p : some) {
                    if (refused == null) {
                        p.stored().complete(p.rows().size());
                    } else {
                        p.stored().completeExceptionally(refused);
                    }
                }
            };
            try {
                answers.execute(task);
            } catch (RejectedExecutionException e) {
                task.run();   // the server is stopping: answer here
            }
        }
    }

    private void closeWriter() {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }

    /** Stores what is queued, then stops the writer thread. */
    @Override
    public void close() {
        stopping = true;
        synchronized (queue) {
            queue.notifyAll();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer != null && batches > 0) {
            try {
                writer.forget(new Checkpoint.BatchTag(writerKey, ""));   // every batch is settled
            } catch (WebtopException e) {
                // the database is away: the tag stays behind, one small row
            }
        }
        closeWriter();
        if (publisher != null) {
            publisher.close();
        }
    }
}
