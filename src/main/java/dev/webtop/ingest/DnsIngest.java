package dev.webtop.ingest;

import dev.webtop.config.DbTarget;
import dev.webtop.traffic.LogBatch;
import dev.webtop.traffic.LogSlice;
import dev.webtop.traffic.Source;
import dev.webtop.traffic.TrafficWriter;
import dev.webtop.traffic.Visitors;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * `webtop ingest dns`: queried names into `logs` (source 'dns', event type 'dns_query', path /),
 * from tcpdump's text. A question seen twice within a second (same sender, id and name: the
 * stub's query and the resolver's, on the 'any' interface) counts once. Rows are committed in
 * batches, at the latest a second after their packet; when the input ends or the run is
 * stopped, the last batch is committed too (the original lost it).
 */
public final class DnsIngest {
    private static final byte[] DNS_QUERY = LogBatch.utf8("dns_query");
    private static final byte[] ROOT = LogBatch.utf8("/");
    private static final long DUPLICATE_WINDOW_MICROS = 1_000_000;

    private record Seen(long epochMicros, String key) {
    }

    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String END = new String("end of input");   // compared by identity

    private final DbTarget target;
    private final int batchSize;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final ArrayDeque<Seen> recent = new ArrayDeque<>();
    private final Set<String> recentKeys = new HashSet<>();
    private volatile boolean stopping;

    public DnsIngest(DbTarget target, int batchSize) {
        this.target = target;
        this.batchSize = batchSize;
    }

    public long stored() {
        return stored.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    /** Ends the run: the batch being gathered is committed. */
    public void stop() {
        stopping = true;
    }

    /** Reads query lines until the input ends or stop(); returns the rows stored. */
    public long run(BufferedReader input) {
        BlockingQueue<String> lines = new ArrayBlockingQueue<>(10_000);
        Thread reader = new Thread(() -> {
            try {
                for (String line = input.readLine(); line != null; line = input.readLine()) {
                    lines.put(line);
                }
            } catch (IOException | InterruptedException e) {
                // the input is gone: what was read is in the queue
            } finally {
                lines.offer(END);
            }
        }, "webtop-dns-reader");
        reader.setDaemon(true);
        reader.start();
        try (TrafficWriter writer = new TrafficWriter(target)) {
            Visitors visitors = new Visitors(writer.visitorSalt());
            LogBatch batch = new LogBatch(Source.DNS, batchSize);
            long oldestWaiting = 0;
            while (!stopping) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line == END) {
                    break;
                }
                if (line != null) {
                    boolean wasEmpty = batch.size() == 0;
                    add(line, batch, visitors);
                    if (wasEmpty && batch.size() > 0) {
                        oldestWaiting = System.nanoTime();
                    }
                }
                if (batch.size() >= batchSize
                    || batch.size() > 0 && System.nanoTime() - oldestWaiting > 1_000_000_000L) {
                    batch = commit(writer, batch);
                }
            }
            // stopping or at the end: what was read is stored too
            for (String line = lines.poll(); line != null && line != END; line = lines.poll()) {
                add(line, batch, visitors);
            }
            if (batch.size() > 0) {
                commit(writer, batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return stored.get();
    }

    /** A query line becomes a row, unless it is no query or one already seen. */
    private void add(String line, LogBatch batch, Visitors visitors) {
        DnsQueryParser.Query query = DnsQueryParser.parse(line);
        if (query != null && !duplicate(query)) {
            int row = batch.add(query.epochMicros(), LogBatch.utf8(query.name()), ROOT);
            batch.eventType(row, DNS_QUERY);
            visitors.assign(batch, row, query.source(), null);
        }
    }

    private LogBatch commit(TrafficWriter writer, LogBatch batch) {
        stored.addAndGet(writer.write(LogSlice.all(batch)));
        return new LogBatch(Source.DNS, batchSize);
    }

    /** Same sender, id and name within a second: the same question seen twice. */
    private boolean duplicate(DnsQueryParser.Query query) {
        while (!recent.isEmpty() && query.epochMicros() - recent.peekFirst().epochMicros() > DUPLICATE_WINDOW_MICROS) {
            recentKeys.remove(recent.removeFirst().key());
        }
        String key = query.source() + "|" + query.id() + "|" + query.name();
        if (!recentKeys.add(key)) {
            duplicates.incrementAndGet();
            return true;
        }
        recent.addLast(new Seen(query.epochMicros(), key));
        return false;
    }
}
