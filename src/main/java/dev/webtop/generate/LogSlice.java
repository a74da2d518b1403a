package dev.webtop.load;

/** Rows [from, to) of a batch: what one COPY sends. */
record LogSlice(LogBatch batch, int from, int to) {
    static LogSlice all(LogBatch batch) {
        return new LogSlice(batch, 0, batch.size);
    }
}
