package dev.webtop.runtime;

import java.io.PrintWriter;

/** Receives the steps of a long operation, so a user sees what webtop is waiting for. */
@FunctionalInterface
public interface Progress {
    Progress SILENT = step -> { };

    void step(String message);

    static Progress to(PrintWriter out) {
        return step -> {
            out.println(step);
            out.flush();
        };
    }
}
