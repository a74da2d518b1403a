package dev.webtop.monitor;

import dev.webtop.base.Json;
import dev.webtop.config.DbTarget;
import dev.webtop.db.Database;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import org.jline.utils.AttributedString;

/**
 * The dashboard for scripts and pipes: `count` snapshots, an interval apart, as plain text of a
 * fixed width or as JSON lines, never an escape code.
 */
public final class SnapshotPrinter {
    /** Columns of a printed snapshot: wide enough for every column of the top-websites panel. */
    private static final int WIDTH = 132;

    private final SnapshotCollector collector;
    private final DashboardRenderer renderer;
    private final PrintWriter out;
    private final boolean json;

    public SnapshotPrinter(SnapshotCollector collector, RenderOptions options, PrintWriter out, boolean json) {
        this.collector = collector;
        this.renderer = new DashboardRenderer(options);
        this.out = out;
        this.json = json;
    }

    /** Prints `count` snapshots of what the state shows, its interval apart; Ctrl-C ends it early. */
    public void print(DbTarget target, DashboardState state, int count) {
        Database.run(target, connection -> {
            print(connection, state, count);
            return null;
        });
    }

    private void print(Connection connection, DashboardState state, int count) throws SQLException {
        for (int i = 0; i < count; i++) {
            if (i > 0 && !pause(state)) {
                return;
            }
            DashboardSnapshot snapshot = collector.collect(connection, state);
            if (json) {
                out.println(Json.write(snapshot));
            } else {
                for (AttributedString line : renderer.renderAll(snapshot, state, snapshot.takenAt(), WIDTH)) {
                    out.println(line.toString().stripTrailing());
                }
                if (i < count - 1) {
                    out.println();
                }
            }
            out.flush();
        }
    }

    private static boolean pause(DashboardState state) {
        try {
            Thread.sleep(state.interval().toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
