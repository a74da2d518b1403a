package dev.webtop.runtime;

import dev.webtop.config.DbTarget;
import dev.webtop.config.RuntimeKind;

/** A server the user runs: webtop connects to it and sets it up, but never starts or stops it. */
final class ExternalRuntime implements DatabaseRuntime {
    private final DbTarget target;

    ExternalRuntime(DbTarget target) {
        this.target = target;
    }

    @Override
    public RuntimeKind kind() {
        return RuntimeKind.EXTERNAL;
    }

    @Override
    public String describe() {
        return "external server at " + target.host() + ":" + target.port();
    }

    @Override
    public DbTarget start(Progress progress) {
        progress.step("Using the external server at " + target.maskedUrl());
        return target;
    }

    @Override
    public void stop(Progress progress) {
        progress.step("The external server at " + target.host() + ":" + target.port()
            + " is not managed by webtop; nothing was stopped");
    }

    @Override
    public DbTarget target() {
        return target;
    }
}
