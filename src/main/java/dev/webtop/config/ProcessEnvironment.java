package dev.webtop.config;

import dev.webtop.base.Environment;
import java.nio.file.Path;
import java.util.Map;

/**
 * The environment of a process (or the map a test gives), with the `.env` file of its working
 * directory below it.
 */
public final class ProcessEnvironment implements Environment {
    private final Map<String, String> variables;
    private final Path workDir;
    private Map<String, String> dotEnv;

    public ProcessEnvironment(Map<String, String> variables, Path workDir) {
        this.variables = Map.copyOf(variables);
        this.workDir = workDir.toAbsolutePath().normalize();
    }

    public static ProcessEnvironment system() {
        return new ProcessEnvironment(System.getenv(), Path.of(""));
    }

    @Override
    public String get(String key) {
        String value = variables.get(key);
        if (value == null) {
            value = dotEnv().get(key);
        }
        return value == null || value.isEmpty() ? null : value;
    }

    @Override
    public Path workDir() {
        return workDir;
    }

    @Override
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
