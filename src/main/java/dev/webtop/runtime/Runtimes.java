package dev.webtop.runtime;

import dev.webtop.config.DbTarget;
import dev.webtop.config.RuntimeKind;
import dev.webtop.config.WebtopConfig;
import java.util.function.Supplier;

/** Picks the runtime: the forced one, else external, compose and local, first that can serve. */
public final class Runtimes {
    private Runtimes() {
    }

    public static DatabaseRuntime select(WebtopConfig config) {
        return of(chooseKind(config), config);
    }

    /**
     * The database of the runtime the config chooses, chosen on first use and kept (choosing may
     * ask Docker, which a run of checks should not wait for until it stores), asked each time.
     */
    public static Supplier<DbTarget> onFirstUse(WebtopConfig config) {
        return new Supplier<>() {
            private DatabaseRuntime chosen;

            @Override
            public synchronized DbTarget get() {
                if (chosen == null) {
                    chosen = select(config);
                }
                return chosen.target();
            }
        };
    }

    static RuntimeKind chooseKind(WebtopConfig config) {
        if (config.forcedRuntime() != null) {
            return config.forcedRuntime();
        }
        if (config.externalTarget() != null) {
            return RuntimeKind.EXTERNAL;
        }
        if (ComposeRuntime.dockerAnswers(config.environment().variables())) {
            return RuntimeKind.COMPOSE;
        }
        return RuntimeKind.LOCAL;
    }

    private static DatabaseRuntime of(RuntimeKind kind, WebtopConfig config) {
        return switch (kind) {
            case EXTERNAL -> new ExternalRuntime(config.externalTarget());
            case COMPOSE -> new ComposeRuntime(config);
            case LOCAL -> new LocalRuntime(config);
        };
    }
}
