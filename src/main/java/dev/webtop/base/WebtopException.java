package dev.webtop.base;

/**
 * A failure the user can act on: its message is printed as one line on stderr and its exit code
 * is returned by the process. Say what failed and what to do about it.
 */
public class WebtopException extends RuntimeException {
    private final int exitCode;

    public WebtopException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public WebtopException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static WebtopException badInput(String message) {
        return new WebtopException(ExitCode.BAD_INPUT, message);
    }

    public static WebtopException unreachable(String message) {
        return new WebtopException(ExitCode.DB_UNREACHABLE, message);
    }

    public static WebtopException unreachable(String message, Throwable cause) {
        return new WebtopException(ExitCode.DB_UNREACHABLE, message, cause);
    }

    public static WebtopException failure(String message) {
        return new WebtopException(ExitCode.FAILURE, message);
    }

    public static WebtopException failure(String message, Throwable cause) {
        return new WebtopException(ExitCode.FAILURE, message, cause);
    }
}
