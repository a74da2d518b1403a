package dev.webtop.kafka;

import dev.webtop.base.ExitCode;
import dev.webtop.base.OwnerOnly;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.probe.ProbeRun;
import dev.webtop.traffic.Checkpoint;
import dev.webtop.traffic.CheckpointedSink;
import dev.webtop.traffic.LogBatch;
import dev.webtop.traffic.LogSlice;
import dev.webtop.traffic.Retention;
import dev.webtop.traffic.TrafficWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * `ingest access-log --kafka`: a log shipper. Each batch of lines goes to the traffic topic, and
 * only once Kafka has acknowledged all of it does the file position move, in a small file of this
 * host's (WEBTOP_HOME/kafka-positions). Every line names its file and offset, so that lines sent
 * again after a crash between the acknowledgement and that file are stored once by `record`.
 * While following, a broker that is away is waited for. The database is asked once, at the start,
 * for the visitor salt and the retention; nothing is written to it from here.
 */
public final class LogShipper implements CheckpointedSink {
    private static final long RETRY_MILLIS = 1000;

    private final TrafficPublisher publisher;
    private final Path positions;
    private final boolean waitForKafka;
    private final Consumer<String> notices;
    private final BooleanSupplier stopping;
    private final String salt;
    private final Retention retention;
    private final String host = ProbeRun.thisHost();

    public LogShipper(KafkaSettings settings, DbTarget target, Path positions, boolean waitForKafka,
                      Consumer<String> notices, BooleanSupplier stopping) {
        try (TrafficWriter database = new TrafficWriter(target)) {
            this.salt = database.visitorSalt();
            this.retention = database.retention();
        }
        this.publisher = new TrafficPublisher(settings);
        this.positions = positions;
        this.waitForKafka = waitForKafka;
        this.notices = notices;
        this.stopping = stopping;
    }

    @Override
    public String visitorSalt() {
        return salt;
    }

    @Override
    public Retention retention() {
        return retention;
    }

    @Override
    public Checkpoint.FilePosition filePosition(String file) {
        Properties saved = new Properties();
        try (Reader in = Files.newBufferedReader(positionFile(file), StandardCharsets.UTF_8)) {
            saved.load(in);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped position of " + file, e);
        }
        return new Checkpoint.FilePosition(file, saved.getProperty("file_key"), Long.parseLong(saved.getProperty("position")));
    }

    @Override
    public void commit(LogBatch batch, Checkpoint checkpoint) {
        Checkpoint.FilePosition after = (Checkpoint.FilePosition) checkpoint;
        boolean told = false;
        while (true) {
            try {
                publisher.write(LogSlice.all(batch), host + ":" + after.file() + " " + after.fileKey());
                break;
            } catch (WebtopException e) {
                if (!waitForKafka || e.exitCode() != ExitCode.DB_UNREACHABLE || stopping.getAsBoolean()) {
                    throw e;
                }
                if (!told) {
                    notices.accept(e.getMessage() + "; following on and sending again every second (nothing read is lost)");
                    told = true;
                }
                pause();
            }
        }
        if (told) {
            notices.accept("Kafka is back; shipping from where it stopped");
        }
        save(after);
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw WebtopException.failure("interrupted while waiting for Kafka", e);
        }
    }

    /** Written aside, then renamed over the old one: a crash leaves one or the other, whole. */
    private void save(Checkpoint.FilePosition after) {
        Properties position = new Properties();
        position.setProperty("file", after.file());
        position.setProperty("file_key", after.fileKey());
        position.setProperty("position", Long.toString(after.position()));
        Path file = positionFile(after.file());
        Path aside = file.resolveSibling(file.getFileName() + ".new");
        try {
            Files.deleteIfExists(aside);
            OwnerOnly.createFile(aside);
            try (Writer out = Files.newBufferedWriter(aside, StandardCharsets.UTF_8)) {
                position.store(out, "how far webtop has shipped this file to Kafka");
            }
            Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the shipped position in " + positions, e);
        }
    }

    private Path positionFile(String file) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(file.getBytes(StandardCharsets.UTF_8));
            return positions.resolve(HexFormat.of().formatHex(digest, 0, 16) + ".properties");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        publisher.close();
    }
}
