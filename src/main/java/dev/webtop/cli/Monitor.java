package dev.webtop.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.webtop.base.ExitCode;
import dev.webtop.base.Json;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.config.Durations;
import dev.webtop.config.WebtopConfig;
import dev.webtop.db.Database;
import dev.webtop.monitor.DashboardLoop;
import dev.webtop.monitor.DashboardRenderer;
import dev.webtop.monitor.DashboardSnapshot;
import dev.webtop.monitor.DashboardState;
import dev.webtop.monitor.RenderOptions;
import dev.webtop.monitor.SnapshotCollector;
import dev.webtop.monitor.Window;
import dev.webtop.runtime.DatabaseRuntime;
import dev.webtop.runtime.Runtimes;
import dev.webtop.traffic.Source;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneId;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.InfoCmp.Capability;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "monitor", mixinStandardHelpOptions = true,
    description = {"A live, top-style dashboard: top websites, bursts, elections, jobs and storage.",
        "Press ? inside for the keys. Without a terminal (a pipe, cron, TERM=dumb) it prints one "
            + "snapshot, as --once does."},
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop monitor",
        "  ./webtop monitor --interval 5s --window 1h",
        "  ./webtop monitor --once",
        "  ./webtop monitor --json | jq '.domains[0]'",
        "  ./webtop monitor --count 3 --interval 10s >> traffic.log"})
public final class Monitor extends WebtopCommand {
    private static final int PRINT_WIDTH = 132;

    @Mixin
    DbOptions db;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s",
        description = "Time between refreshes, 500ms to 60s (default: ${DEFAULT-VALUE}; + and - change it live).")
    String interval;

    @Option(names = "--source", paramLabel = "SOURCE",
        description = "Only domains with traffic from generated, client, access_log or dns (o cycles it).")
    String source;

    @Option(names = "--window", paramLabel = "WINDOW", defaultValue = "1m",
        description = "The top-websites window to start with: 1m, 10m, 1h or 1d (w cycles it).")
    String window;

    @Option(names = "--once", description = "Print one snapshot as plain text and exit.")
    boolean once;

    @Option(names = "--json", description = "Print snapshots as JSON (schema \"" + DashboardSnapshot.SCHEMA + "\").")
    boolean json;

    @Option(names = "--count", paramLabel = "N", description = "Print N snapshots, --interval apart, then exit.")
    Integer count;

    @Option(names = "--ascii", description = "Plain ASCII instead of block characters and arrows.")
    boolean ascii;

    @Option(names = "--no-color", description = "No colours (NO_COLOR in the environment does the same).")
    boolean noColor;

    @Override
    protected int execute() throws Exception {
        Duration every = Durations.parse("--interval", interval);
        if (every.compareTo(DashboardState.MIN_INTERVAL) < 0 || every.compareTo(DashboardState.MAX_INTERVAL) > 0) {
            throw WebtopException.badInput("--interval must be between 500ms and 60s");
        }
        if (count != null && count < 1) {
            throw WebtopException.badInput("--count must be at least 1");
        }
        DashboardState state = DashboardState.initial(every, Window.parse(window));
        if (source != null) {
            state = state.withSource(Source.parse(source, "--source").label());
        }
        WebtopConfig config = db.config(environment());
        DatabaseRuntime runtime = Runtimes.select(config);
        DbTarget target = runtime.target();
        SnapshotCollector collector = new SnapshotCollector(runtime.kind().label(), target.maskedUrl());
        boolean verbose = spec.root().commandLine().getParseResult().hasMatchedOption("--verbose")
            || spec.commandLine().getParseResult().hasMatchedOption("--verbose");
        boolean color = !noColor && environment().get("NO_COLOR") == null;
        String term = environment().getOrDefault("TERM", "dumb");
        boolean printOnly = once || json || count != null || System.console() == null || term.startsWith("dumb");
        try (Connection first = Database.connect(target)) {
            if (printOnly) {
                return print(collector, first, state, new RenderOptions(false, ascii, ZoneId.systemDefault(), verbose));
            }
        }
        return interactive(collector, target, state, color, verbose);
    }

    private int print(SnapshotCollector collector, Connection connection, DashboardState state,
                      RenderOptions options) throws SQLException, InterruptedException {
        DashboardRenderer renderer = new DashboardRenderer(options);
        int snapshots = count == null ? 1 : count;
        for (int i = 0; i < snapshots; i++) {
            if (i > 0) {
                Thread.sleep(state.interval().toMillis());
            }
            DashboardSnapshot snapshot = collector.collect(connection, state);
            if (json) {
                out().println(Json.write(snapshot));
            } else {
                for (AttributedString line : renderer.renderAll(snapshot, state, snapshot.takenAt(), PRINT_WIDTH)) {
                    out().println(line.toString().stripTrailing());
                }
                if (i < snapshots - 1) {
                    out().println();
                }
            }
            out().flush();
        }
        return ExitCode.OK;
    }

    private int interactive(SnapshotCollector collector, DbTarget target, DashboardState state,
                            boolean color, boolean verbose) throws Exception {
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(Database.dataSource(target));
        pool.setMaximumPoolSize(1);
        pool.setMinimumIdle(0);
        pool.setConnectionTimeout(3000);
        pool.setInitializationFailTimeout(-1);
        pool.setPoolName("webtop-monitor");
        try (Terminal terminal = TerminalBuilder.builder().system(true).build();
             HikariDataSource dataSource = new HikariDataSource(pool)) {
            Integer colors = terminal.getNumericCapability(Capability.max_colors);
            boolean useColor = color && colors != null && colors >= 8;
            RenderOptions options = new RenderOptions(useColor, ascii, ZoneId.systemDefault(), verbose);
            new DashboardLoop(terminal, dataSource, collector, new DashboardRenderer(options), state).run();
        }
        return ExitCode.OK;
    }
}
