package dev.webtop.ingest;

import dev.webtop.base.OwnerOnly;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lines that could not be read, counted by reason; the first 100 are kept with their reason in
 * a file when one is given (0600: they carry client addresses). Thread-safe: the progress line
 * reads the counts while the run adds to them.
 */
final class RejectedLines implements AutoCloseable {
    private static final int KEPT = 100;

    private final Map<AccessLogParser.Reason, Long> counts = new TreeMap<>();
    private final BufferedWriter sample;
    private long sampled;

    /** sampleFile: where the first rejected lines go, or null. */
    RejectedLines(Path sampleFile) throws IOException {
        this.sample = sampleFile == null ? null
            : Files.newBufferedWriter(OwnerOnly.createFile(sampleFile), StandardCharsets.UTF_8);
    }

    synchronized void add(AccessLogParser.Reason reason, String text) {
        counts.merge(reason, 1L, Long::sum);
        if (sample != null && sampled < KEPT) {
            sampled++;
            try {
                sample.write(reason.label() + "\t" + text.replace('\n', ' ') + "\n");
            } catch (IOException e) {
                // a sample file that cannot be written must not stop the ingest
            }
        }
    }

    /** The counts by reason label. */
    synchronized Map<String, Long> byReason() {
        Map<String, Long> byLabel = new TreeMap<>();
        counts.forEach((reason, count) -> byLabel.put(reason.label(), count));
        return byLabel;
    }

    /** "  N rejected" for the progress line, or nothing while there are none. */
    synchronized String soFar() {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        return total == 0 ? "" : String.format(Locale.ROOT, "  %,d rejected", total);
    }

    @Override
    public void close() {
        if (sample != null) {
            try {
                sample.close();
            } catch (IOException e) {
                // the counts are what matters; the file is a sample
            }
        }
    }
}
