package dev.webtop.kafka;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Counts a caller's records until Kafka has acknowledged (or refused) every one of them. */
final class Acks implements Callback {
    private int outstanding;
    private Exception failure;

    synchronized void sent() {
        outstanding++;
    }

    @Override
    public synchronized void onCompletion(RecordMetadata metadata, Exception exception) {
        outstanding--;
        if (exception != null && failure == null) {
            failure = exception;
        }
        if (outstanding == 0 || exception != null) {
            notifyAll();
        }
    }

    /** Waits for every record sent; the first refusal, or null when all were acknowledged. */
    synchronized Exception await() throws InterruptedException {
        while (outstanding > 0 && failure == null) {
            wait();
        }
        return failure;
    }
}
