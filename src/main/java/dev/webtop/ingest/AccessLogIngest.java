package dev.webtop.ingest;

import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.traffic.BotRules;
import dev.webtop.traffic.Checkpoint;
import dev.webtop.traffic.ClientDetails;
import dev.webtop.traffic.CheckpointedSink;
import dev.webtop.traffic.CheckpointedWriter;
import dev.webtop.traffic.LogBatch;
import dev.webtop.traffic.Retention;
import dev.webtop.traffic.Source;
import dev.webtop.traffic.Visitors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * `webtop ingest access-log`: reads access logs (plain or gzipped) into `logs`, each batch of rows
 * committed together with the file's checkpoint (see CheckpointedWriter). With follow it keeps
 * reading like `tail -F`: a renamed file is drained before the new one is opened, a truncated one
 * is read again from its start, a missing one and a lost database are waited for. Lines that
 * cannot be read are counted by reason.
 */
public final class AccessLogIngest {
    /** What a run read and stored. */
    public record Summary(long lines, long stored, Map<String, Long> rejects, Map<String, Long> events, long bots,
                          double seconds, boolean stopped, long tooOld, String retention, String tooOldAdvice) {
        public long rejected() {
            return rejects.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The share of the lines read that were rejected, 0 to 1. */
        public double rejectedShare() {
            return lines == 0 ? 0 : (double) rejected() / lines;
        }
    }

    static final int FIRST_LINES_CHECKED = 1000;
    private static final long POLL_MILLIS = 250;

    private final Function<BooleanSupplier, CheckpointedSink> sinks;
    private final AccessLogOptions options;
    private final Consumer<String> notices;
    private final AccessLogParser parser;
    private final BotRules botRules = new BotRules();
    private final ClientDetails details = new ClientDetails();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong lines = new AtomicLong();
    private final Map<byte[], Long> eventCounts = new IdentityHashMap<>();   // keyed by the type constants
    private final Map<String, byte[]> names = new HashMap<>();
    private long parsed;
    private long bots;
    private volatile RejectedLines rejects;
    private Visitors visitors;
    private volatile boolean stopping;
    private static final int WRITES_IN_FLIGHT = 2;
    private final Semaphore inFlight = new Semaphore(WRITES_IN_FLIGHT);
    private final AtomicReference<RuntimeException> writeFailure = new AtomicReference<>();
    private ExecutorService writes;
    private CheckpointedSink writer;
    private Retention retention;
    private long horizonMicros;             // lines before it are kept by nothing
    private long tooOld;
    private long oldestTooOld = Long.MAX_VALUE;
    private long oldestStored = Long.MAX_VALUE;
    private long newestStored = Long.MIN_VALUE;
    private boolean retentionSaid;

    /** notices: one-line messages for the user, such as a lost database while following. */
    public AccessLogIngest(DbTarget target, AccessLogOptions options, Consumer<String> notices) {
        this(stopping -> new CheckpointedWriter(target, options.follow(), notices, stopping), options, notices);
    }

    /**
     * Rows go where the sink puts them (Kafka, for `webtop record`); sinks makes it, given what
     * says that the run is stopping.
     */
    public AccessLogIngest(Function<BooleanSupplier, CheckpointedSink> sinks, AccessLogOptions options,
                           Consumer<String> notices) {
        this.sinks = sinks;
        this.options = options;
        this.notices = notices;
        this.parser = new AccessLogParser(options.format());
    }

    public long stored() {
        return stored.get();
    }

    /** Reject counts so far, for the progress line. */
    public String rejectsSoFar() {
        RejectedLines counted = rejects;
        return counted == null ? "" : counted.soFar();
    }

    /** Ends the run soon: what was read is committed with its checkpoint. */
    public void stop() {
        stopping = true;
    }

    public Summary run(List<Path> paths) {
        long started = System.nanoTime();
        writes = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "webtop-ingest-writer");
            thread.setDaemon(true);
            return thread;
        });
        writer = sinks.apply(() -> stopping);
        try {
            visitors = new Visitors(writer.visitorSalt());
            retention = writer.retention();
            horizonMicros = retention.horizon().toEpochMilli() * 1000;
            rejects = new RejectedLines(options.rejects());
            for (Path path : paths) {
                if (stopping) {
                    break;
                }
                ingest(path);
            }
            drainWrites();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            stopWrites();
            writer.close();
            if (rejects != null) {
                rejects.close();
            }
        }
        Map<String, Long> byReason = rejects.byReason();
        Map<String, Long> events = new TreeMap<>();
        eventCounts.forEach((type, count) -> events.put(new String(type, StandardCharsets.UTF_8), count));
        return new Summary(lines.get(), stored.get(), byReason, events, bots, (System.nanoTime() - started) / 1e9,
            stopping, tooOld, oldestStored > newestStored ? null : keptOfStored(),
            tooOld == 0 ? null : retention.tooOld(tooOld, instant(oldestTooOld)));
    }

    /** One file: from its checkpoint, to its end, and on while following. */
    private void ingest(Path path) throws IOException {
        String source = path.toAbsolutePath().normalize().toString();
        drainWrites();   // the connection is the writer thread's while batches are in flight
        Checkpoint.FilePosition saved = options.fromStart() ? null : writer.filePosition(source);
        while (!Files.exists(path)) {
            if (!options.follow()) {
                throw WebtopException.badInput("cannot read " + path + ": no such file");
            }
            if (pause()) {
                return;
            }
        }
        String key = fileKey(path);
        long position = 0;
        if (saved != null && saved.fileKey().equals(key)) {
            position = saved.position();
        } else if (saved != null) {
            // rotated while we were away: finish the old file first if it is still beside it
            Path rotated = Path.of(path + ".1");
            if (Files.exists(rotated) && fileKey(rotated).equals(saved.fileKey())) {
                try (LogLineReader old = new LogLineReader(rotated, saved.position(), true)) {
                    readAll(old, source, saved.fileKey());
                }
            }
        }
        LogLineReader reader = new LogLineReader(path, position, !options.follow());
        try {
            readAll(reader, source, key);
            while (options.follow() && !pause()) {
                readAll(reader, source, key);
                if (!Files.exists(path)) {
                    continue;   // between a rename and the new file: keep the old one, wait
                }
                String now = fileKey(path);
                if (!now.equals(key)) {
                    readAll(reader, source, key);   // drain the renamed file
                    reader.close();
                    key = now;
                    reader = new LogLineReader(path, 0, false);
                } else if (Files.size(path) < reader.position) {
                    reader.close();   // copy-truncate: the file starts over
                    reader = new LogLineReader(path, 0, false);
                    flush(new LogBatch(Source.ACCESS_LOG, 0), source, key, 0);
                }
            }
        } finally {
            reader.close();
        }
    }

    /** Sleeps one poll; true when the run is stopping. */
    private boolean pause() {
        if (stopping) {
            return true;
        }
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
        return stopping;
    }

    /** Reads every complete line there is now, committing a batch at a time with its checkpoint. */
    private void readAll(LogLineReader reader, String source, String key) throws IOException {
        LogBatch batch = new LogBatch(Source.ACCESS_LOG, options.batchSize());
        long committedAt = reader.position;
        while (true) {
            LogLineReader.Line line = reader.next();
            if (line == null) {
                break;
            }
            lines.incrementAndGet();
            accept(line, batch, reader.position);
            if (batch.size() >= options.batchSize()) {
                flush(batch, source, key, reader.position);
                committedAt = reader.position;
                batch = new LogBatch(Source.ACCESS_LOG, options.batchSize());
            }
        }
        if (batch.size() > 0 || reader.position != committedAt) {
            flush(batch, source, key, reader.position);
        }
    }

    private void accept(LogLineReader.Line raw, LogBatch batch, long lineEnd) {
        AccessLogParser.Line line;
        String text = null;
        try {
            text = parser.text(raw.bytes(), raw.from(), raw.length());
            line = parser.parse(text);
        } catch (AccessLogParser.Rejected e) {
            rejects.add(e.reason, text != null ? text : new String(raw.bytes(), raw.from(),
                Math.min(Math.min(raw.length(), 1000), raw.bytes().length - raw.from()), StandardCharsets.UTF_8));
            return;
        }
        parsed++;
        String host = line.host() != null ? line.host().toLowerCase(Locale.ROOT) : options.domain();
        if (host == null) {
            rejects.add(AccessLogParser.Reason.UNPARSEABLE, text);
            return;
        }
        if (line.epochMicros() < horizonMicros) {
            tooOld++;
            oldestTooOld = Math.min(oldestTooOld, line.epochMicros());
            return;
        }
        oldestStored = Math.min(oldestStored, line.epochMicros());
        newestStored = Math.max(newestStored, line.epochMicros());
        int row = batch.add(line.epochMicros(), intern(host), intern(line.path()));
        batch.lineEnd(row, lineEnd);
        byte[] type = EventTypes.of(line);
        batch.request(row, (short) line.status(), line.bytes(), type,
            line.agent() == null ? null : intern(line.agent()),
            line.referrer() == null ? null : intern(line.referrer()),
            options.keepIp() && line.ip() != null ? LogBatch.utf8(line.ip()) : null);
        visitors.assign(batch, row, line.ip(), line.agent());
        details.describe(batch, row, line.agent(), line.ip(), line.query());
        eventCounts.merge(type, 1L, Long::sum);
    }

    private byte[] intern(String text) {
        if (names.size() > 100_000) {
            names.clear();
        }
        return names.computeIfAbsent(text, LogBatch::utf8);
    }

    /**
     * Rows and checkpoint in one transaction, written by the writer thread while this one parses
     * on (two batches at most in flight, committed in order). A format that reads nothing stops
     * before anything is written.
     */
    private void flush(LogBatch batch, String source, String key, long position) {
        if (parsed == 0 && lines.get() > 0 && (lines.get() >= FIRST_LINES_CHECKED || !options.follow())) {
            throw WebtopException.badInput("none of the first " + Math.min(lines.get(), FIRST_LINES_CHECKED)
                + " lines of " + source + " is in the " + options.format().name + " format; choose --format "
                + "combined, common, vcombined or json, or describe it with --log-format");
        }
        if (!retentionSaid && !options.follow() && (batch.size() > 0 || tooOld > 0)) {
            // before an import writes its first row: what retention will keep of its lines (a
            // follower reads lines as they are logged; its summary says it at the end)
            notices.accept(batch.size() > 0 ? "of the lines read so far, " + keptOfStored()
                : "so far, " + retention.tooOld(tooOld, instant(oldestTooOld)));
            retentionSaid = true;
        }
        botRules.flagRuns(batch);
        bots += batch.bots();
        rethrowWriteFailure();
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing", e);
        }
        writes.execute(() -> {
            try {
                if (writeFailure.get() == null) {
                    writer.commit(batch, new Checkpoint.FilePosition(source, key, position));
                    stored.addAndGet(batch.size());
                }
            } catch (RuntimeException e) {
                writeFailure.compareAndSet(null, e);
            } catch (OutOfMemoryError e) {
                // said and stopped like any failure: no later batch may move the position past this one
                writeFailure.compareAndSet(null, WebtopException.failure("out of memory storing a batch of "
                    + batch.size() + " rows: use a smaller --batch-size, or more heap (WEBTOP_JAVA_OPTIONS=-Xmx...)", e));
            } finally {
                inFlight.release();
            }
        });
    }

    private String keptOfStored() {
        return retention.describe(instant(oldestStored), instant(newestStored));
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000);
    }

    /** Waits until every batch handed to the writer is committed (or has failed). */
    private void drainWrites() {
        try {
            inFlight.acquire(WRITES_IN_FLIGHT);
            inFlight.release(WRITES_IN_FLIGHT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rethrowWriteFailure();
    }

    /**
     * The writer thread ends before its connection is closed: when the run ends on an error with
     * a batch in flight, the interrupt ends any wait for the database, so nothing is written after.
     */
    private void stopWrites() {
        writes.shutdownNow();
        try {
            writes.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void rethrowWriteFailure() {
        RuntimeException failure = writeFailure.get();
        if (failure != null) {
            throw failure;
        }
    }

    /** The file's identity (device and inode): a renamed-away file keeps it, a new file has its own. */
    static String fileKey(Path path) throws IOException {
        try {
            Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            return key == null ? path.toString() : key.toString();
        } catch (NoSuchFileException e) {
            return "";
        }
    }
}
