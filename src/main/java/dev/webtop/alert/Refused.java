package dev.webtop.alert;

import java.io.IOException;

/** A receiver's refusal; retryAfterSeconds is what it asked for (Retry-After on 429 or 503), or 0. */
final class Refused extends IOException {
    private final long retryAfterSeconds;

    Refused(String answer, long retryAfterSeconds) {
        super(answer);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
