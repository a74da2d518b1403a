package dev.webtop.base;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where settings come from below the command line: the process environment, then the `.env` file
 * of the working directory. An interface, so that tests run commands in an environment of their
 * own.
 */
public interface Environment {
    /** The value of a setting, or null when neither the environment nor `.env` sets it. */
    String get(String key);

    default String getOrDefault(String key, String fallback) {
        String value = get(key);
        return value == null ? fallback : value;
    }

    /** The folder the command was started in. */
    Path workDir();

    /** The process environment only, for starting child processes. */
    Map<String, String> variables();
}
