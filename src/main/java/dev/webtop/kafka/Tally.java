package dev.webtop.kafka;

import java.util.concurrent.atomic.AtomicLong;

/** What `record`'s writers have stored since the start, added up across them. */
final class Tally {
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong probeResults = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong shippedTwice = new AtomicLong();

    /** A committed batch: its messages, the rows and probe results stored, dead letters, lines skipped as stored. */
    void stored(long batchMessages, long batchRows, long batchProbeResults, long batchDeadLetters, long batchShippedTwice) {
        messages.addAndGet(batchMessages);
        rows.addAndGet(batchRows);
        probeResults.addAndGet(batchProbeResults);
        deadLetters.addAndGet(batchDeadLetters);
        shippedTwice.addAndGet(batchShippedTwice);
    }

    Recorder.Totals totals() {
        return new Recorder.Totals(messages.get(), rows.get(), probeResults.get(), deadLetters.get(), shippedTwice.get());
    }
}
