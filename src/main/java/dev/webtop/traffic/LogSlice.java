package dev.webtop.traffic;

/** Rows [from, to) of a batch: what one COPY sends. */
public record LogSlice(LogBatch batch, int from, int to) {
    public static LogSlice all(LogBatch batch) {
        return new LogSlice(batch, 0, batch.size);
    }
}
