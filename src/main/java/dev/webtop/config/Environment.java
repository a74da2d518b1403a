package dev.webtop.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where settings come from below the command line: the process environment first, then the
 * `.env` file of the working directory. Tests pass their own map instead of the real environment.
 */
public final class Environment {
    private final Map<String, String> variables;
    private final Path workDir;
    private Map<String, String> dotEnv;

    public Environment(Map<String, String> variables, Path workDir) {
        this.variables = Map.copyOf(variables);
        this.workDir = workDir.toAbsolutePath().normalize();
    }

    public static Environment system() {
        return new Environment(System.getenv(), Path.of(""));
    }

    /** The value of a setting, or null when neither the environment nor `.env` sets it. */
    public String get(String key) {
        String value = variables.get(key);
        if (value == null) {
            value = dotEnv().get(key);
        }
        return value == null || value.isEmpty() ? null : value;
    }

    public String getOrDefault(String key, String fallback) {
        String value = get(key);
        return value == null ? fallback : value;
    }

    public Path workDir() {
        return workDir;
    }

    /** The process environment only, for starting child processes. */
    public Map<String, String> variables() {
        return variables;
    }

    private Map<String, String> dotEnv() {
        if (dotEnv == null) {
            dotEnv = DotEnv.read(workDir.resolve(".env"));
        }
        return dotEnv;
    }
}
