package dev.webtop.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.webtop.config.ProcessEnvironment;
import dev.webtop.config.RuntimeKind;
import dev.webtop.config.WebtopConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeSelectionTest {
    private static final Path WORK_DIR = Path.of(System.getProperty("java.io.tmpdir"));

    private static RuntimeKind chosen(Map<String, String> env, RuntimeKind forced) {
        Map<String, String> variables = new HashMap<>(env);
        variables.putIfAbsent("PATH", System.getenv("PATH"));
        return Runtimes.chooseKind(WebtopConfig.resolve(new ProcessEnvironment(variables, WORK_DIR), null,
            forced));
    }

    @Test
    void aConfiguredUrlSelectsTheExternalRuntime() {
        assertEquals(RuntimeKind.EXTERNAL, chosen(Map.of("WEBTOP_DB_URL", "postgresql://h/db"), null));
        assertEquals(RuntimeKind.EXTERNAL, chosen(Map.of("PGHOST", "h"), null));
    }

    @Test
    void withoutAUrlComposeWinsOnlyWhenADockerEngineAnswers() {
        boolean docker = ComposeRuntime.dockerAnswers(Map.of("PATH", System.getenv("PATH")));
        assertEquals(docker ? RuntimeKind.COMPOSE : RuntimeKind.LOCAL, chosen(Map.of(), null));
    }

    @Test
    void noDockerEndpointMeansNoDockerWithoutRunningTheClient() {
        assertEquals(false, ComposeRuntime.dockerAnswers(Map.of("PATH", "/nonexistent")));
        assertEquals(RuntimeKind.LOCAL, chosen(Map.of("PATH", "/nonexistent"), null));
    }

    @Test
    void aForcedRuntimeWinsOverAUrl() {
        assertEquals(RuntimeKind.LOCAL, chosen(Map.of("WEBTOP_DB_URL", "postgresql://h/db"),
            RuntimeKind.LOCAL));
        assertEquals(RuntimeKind.COMPOSE, chosen(Map.of("WEBTOP_RUNTIME", "compose"), null));
    }
}
