package dev.webtop.base;

/** What a command learns from the command line it was started by: its environment and verbosity. */
public interface Invocation {
    Environment environment();

    /** --verbose: stack traces with errors, and what a report counts. */
    boolean verbose();
}
