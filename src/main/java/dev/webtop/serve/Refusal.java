package dev.webtop.serve;

/**
 * Why a request was not taken though nothing was wrong with it: the database is away, the queue
 * or the body budget is full, too many dashboards are open. Answered 503 with Retry-After when
 * trying again helps, else 500; nothing of the request was stored.
 */
final class Refusal extends RuntimeException {
    private final boolean retry;

    Refusal(String message, boolean retry) {
        super(message, null, false, false);
        this.retry = retry;
    }

    boolean retry() {
        return retry;
    }
}
