package dev.webtop.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Complete lines of a file from a byte position (gzip: of its uncompressed bytes). */
final class LogLineReader implements AutoCloseable {
    record Line(byte[] bytes, int from, int length) {
    }

    private final InputStream in;
    private final boolean takeUnterminated;
    private byte[] buffer = new byte[1 << 20];
    private int start;
    private int end;
    private boolean skipping;
    long position;

    /** takeUnterminated: at the end, a last line without its newline counts (not while following). */
    LogLineReader(Path path, long position, boolean takeUnterminated) throws IOException {
        this.takeUnterminated = takeUnterminated;
        InputStream raw = Files.newInputStream(path);
        if (path.toString().endsWith(".gz")) {
            raw = new GZIPInputStream(raw, 1 << 16);
        }
        long skipped = 0;
        while (skipped < position) {
            long n = raw.skip(position - skipped);
            if (n <= 0) {
                break;
            }
            skipped += n;
        }
        this.in = raw;
        this.position = skipped;
    }

    /** The next complete line, or null when none is complete yet. */
    Line next() throws IOException {
        while (true) {
            for (int i = start; i < end; i++) {
                if (buffer[i] == '\n') {
                    int from = start;
                    int length = i - start;
                    if (length > 0 && buffer[i - 1] == '\r') {
                        length--;
                    }
                    position += i + 1 - start;
                    start = i + 1;
                    if (skipping) {
                        skipping = false;
                        return new Line(buffer, from, AccessLogParser.MAX_LINE_BYTES + 1);
                    }
                    return new Line(buffer, from, length);
                }
            }
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buffer.length) {
                // a line longer than the buffer: drop what we have, remember it was too long
                position += end;
                end = 0;
                skipping = true;
            }
            int n = in.read(buffer, end, buffer.length - end);
            if (n <= 0) {
                if (takeUnterminated && end > start && !skipping) {
                    int from = start;
                    int length = end - start;
                    position += length;
                    start = end;
                    return new Line(buffer, from, length);
                }
                return null;
            }
            end += n;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
