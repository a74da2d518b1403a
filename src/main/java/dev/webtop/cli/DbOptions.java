package dev.webtop.cli;

import dev.webtop.base.Environment;
import dev.webtop.config.DbTarget;
import dev.webtop.config.RuntimeKind;
import dev.webtop.config.WebtopConfig;
import dev.webtop.runtime.Runtimes;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Options of every command that talks to the database. */
public final class DbOptions {
    @Option(names = "--db-url", paramLabel = "URL",
        description = "Use this database (postgresql://user:password@host:port/db); "
            + "default: WEBTOP_DB_URL, PGHOST..., else webtop's own runtime.")
    String dbUrl;

    @Option(names = "--runtime", paramLabel = "KIND", converter = RuntimeConverter.class,
        completionCandidates = RuntimeCandidates.class,
        description = "Where the database comes from: ${COMPLETION-CANDIDATES} "
            + "(default: WEBTOP_RUNTIME, else the first that can serve).")
    RuntimeKind runtime;

    WebtopConfig config(Environment environment) {
        return WebtopConfig.resolve(environment, dbUrl, runtime);
    }

    /** The database these options name, from the runtime they choose (which may start nothing). */
    DbTarget target(Environment environment) {
        return Runtimes.select(config(environment)).target();
    }

    static final class RuntimeConverter implements ITypeConverter<RuntimeKind> {
        @Override
        public RuntimeKind convert(String value) {
            return RuntimeKind.fromLabel(value).orElseThrow(() -> new TypeConversionException(
                "'" + value + "' is not a runtime; use one of: " + RuntimeKind.accepted()));
        }
    }

    static final class RuntimeCandidates extends java.util.ArrayList<String> {
        RuntimeCandidates() {
            for (RuntimeKind kind : RuntimeKind.values()) {
                add(kind.label());
            }
        }
    }
}
