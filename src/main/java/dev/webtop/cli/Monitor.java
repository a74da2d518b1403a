package dev.webtop.cli;

import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.config.Durations;
import dev.webtop.db.ConnectionPool;
import dev.webtop.monitor.DashboardLoop;
import dev.webtop.monitor.DashboardSnapshot;
import dev.webtop.monitor.DashboardState;
import dev.webtop.monitor.RenderOptions;
import dev.webtop.monitor.SnapshotCollector;
import dev.webtop.monitor.SnapshotPrinter;
import dev.webtop.monitor.Window;
import dev.webtop.runtime.DatabaseRuntime;
import dev.webtop.runtime.Runtimes;
import dev.webtop.traffic.Source;
import java.time.Duration;
import java.time.ZoneId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "monitor", mixinStandardHelpOptions = true,
    description = {"A live, top-style dashboard: top websites, bursts, elections, jobs and storage.",
        "Press ? inside for the keys. Without a terminal (a pipe, cron, TERM=dumb) it prints one "
            + "snapshot, as --once does; --json prints snapshots as JSON (schema \"" + DashboardSnapshot.SCHEMA + "\")."},
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop monitor",
        "  ./webtop monitor --interval 5s --window 1h",
        "  ./webtop monitor --once",
        "  ./webtop monitor --json | jq '.domains[0]'",
        "  ./webtop monitor --count 3 --interval 10s >> traffic.log"})
public final class Monitor extends WebtopCommand {
    @Mixin
    DbOptions db;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s",
        description = "Time between refreshes, 500ms to 60s (default: ${DEFAULT-VALUE}; + and - change it live).")
    String interval;

    @Option(names = "--source", paramLabel = "SOURCE", completionCandidates = SourceCandidates.class,
        description = "Only domains with traffic from one source: ${COMPLETION-CANDIDATES} (o cycles it).")
    String source;

    @Option(names = "--window", paramLabel = "WINDOW", defaultValue = "1m",
        description = "The top-websites window to start with: 1m, 10m, 1h or 1d (w cycles it).")
    String window;

    @Option(names = "--once", description = "Print one snapshot as plain text and exit.")
    boolean once;

    @Mixin
    JsonOutput output;

    @Option(names = "--count", paramLabel = "N", description = "Print N snapshots, --interval apart, then exit.")
    Integer count;

    @Option(names = "--ascii", description = "Plain ASCII instead of block characters and arrows.")
    boolean ascii;

    @Option(names = "--no-color", description = "No colours (NO_COLOR in the environment does the same).")
    boolean noColor;

    @Override
    protected int execute() throws Exception {
        if (count != null && count < 1) {
            throw WebtopException.badInput("--count must be at least 1");
        }
        DashboardState state = initialState();
        DatabaseRuntime runtime = Runtimes.select(db.config(environment()));
        DbTarget target = runtime.target();
        SnapshotCollector collector = new SnapshotCollector(runtime.kind().label(), target.maskedUrl());
        RenderOptions options = new RenderOptions(false, ascii, ZoneId.systemDefault(), verbose());
        if (once || output.json || count != null || !terminal()) {
            new SnapshotPrinter(collector, options, out(), output.json).print(target, state, count == null ? 1 : count);
            return ExitCode.OK;
        }
        try (ConnectionPool pool = ConnectionPool.open(target, "webtop-monitor", 1)) {
            boolean color = !noColor && environment().get("NO_COLOR") == null;
            DashboardLoop.runOnSystemTerminal(pool, collector, state, color, options);
        }
        return ExitCode.OK;
    }

    /** What the dashboard shows first: --interval, --window and --source, checked. */
    private DashboardState initialState() {
        Duration every = Durations.parse("--interval", interval);
        if (every.compareTo(DashboardState.MIN_INTERVAL) < 0 || every.compareTo(DashboardState.MAX_INTERVAL) > 0) {
            throw WebtopException.badInput("--interval must be between 500ms and 60s");
        }
        DashboardState state = DashboardState.initial(every, Window.parse(window));
        return source == null ? state : state.withSource(Source.parse(source, "--source").label());
    }
}
