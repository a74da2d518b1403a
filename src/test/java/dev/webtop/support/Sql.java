package dev.webtop.support;

import dev.webtop.config.DbTarget;
import dev.webtop.db.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** One-line queries for assertions. */
public final class Sql {
    private Sql() {
    }

    /** The first column of the first row, as text; null when there is no row. */
    public static String value(DbTarget target, String query) {
        try (Connection connection = Database.connect(target);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    public static long number(DbTarget target, String query) {
        return Long.parseLong(value(target, query));
    }

    public static void execute(DbTarget target, String command) {
        try (Connection connection = Database.connect(target);
             Statement statement = connection.createStatement()) {
            statement.execute(command);
        } catch (SQLException e) {
            throw new IllegalStateException(command + ": " + e.getMessage(), e);
        }
    }
}
