package dev.webtop.runtime;

import dev.webtop.config.DbTarget;
import dev.webtop.config.RuntimeKind;

/** Something that provides webtop's database: the user's own server, docker compose, or a local cluster. */
public interface DatabaseRuntime {

    RuntimeKind kind();

    /** One line saying where the database lives, for `start` and `status`. */
    String describe();

    /**
     * Brings the server up if it is not running and makes sure webtop's database exists.
     * Idempotent: on a running server it only checks.
     */
    DbTarget start(Progress progress);

    /** Stops the server, keeping its data; says so and does nothing when it is not running. */
    void stop(Progress progress);

    /** Where to connect, without starting anything. */
    DbTarget target();
}
