package dev.webtop.base;

/** The exit codes of every webtop command; scripts and cron jobs rely on them (listed in `--help`). */
public final class ExitCode {
    public static final int OK = 0;
    /** A check ran and found a problem: a site down, a job failing, pending migrations. */
    public static final int PROBLEM_FOUND = 1;
    /** Bad usage or bad input; nothing was changed. */
    public static final int BAD_INPUT = 2;
    /** The database cannot be reached, or no runtime can provide one. */
    public static final int DB_UNREACHABLE = 3;
    /** Anything else. */
    public static final int FAILURE = 4;

    private ExitCode() {
    }
}
