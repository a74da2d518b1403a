package dev.webtop.db;

import dev.webtop.config.DbTarget;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** Brings a reachable database up to webtop's SQL: creates it when missing, then migrates. */
public final class DatabaseSetup {
    private DatabaseSetup() {
    }

    public record Result(Migrations.Outcome migrations, String location, ServerInfo server) {
    }

    public static Result apply(DbTarget target, Path projectRoot) {
        Database.ensureExists(target);
        Migrations migrations = new Migrations(target, projectRoot);
        Migrations.Outcome outcome = migrations.apply();
        try (Connection connection = Database.connect(target)) {
            return new Result(outcome, migrations.location(), ServerInfo.read(connection));
        } catch (SQLException e) {
            throw Database.unreachable(target, e);
        }
    }
}
