package dev.webtop.cli;

import dev.webtop.db.DatabaseSetup;
import dev.webtop.db.ServerInfo;
import java.io.PrintWriter;

/** The lines `start`, `restart` and `setup-db` print after applying the SQL. */
final class SetupPrinter {
    private SetupPrinter() {
    }

    static void print(DatabaseSetup.Result result, PrintWriter out) {
        int applied = result.migrations().applied();
        out.printf("Migrations: %s from %s; schema version %s%n",
            applied == 0 ? "up to date" : applied + " applied",
            result.location(), result.migrations().schemaVersion());
        ServerInfo server = result.server();
        out.printf("PostgreSQL %s, TimescaleDB %s, edition %s, pg_cron %s%n",
            server.postgresVersion(), server.timescaledbVersion(), server.editionLabel(),
            server.pgCronVersion() == null ? "absent" : server.pgCronVersion());
    }
}
