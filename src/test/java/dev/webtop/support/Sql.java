package dev.webtop.support;

import dev.webtop.config.DbTarget;
import dev.webtop.db.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

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

    /** Every row, each as its columns' text, in the query's order. */
    public static List<List<String>> rows(DbTarget target, String query) {
        try (Connection connection = Database.connect(target);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            List<List<String>> result = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rows.getString(i));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    /** Runs a statement and returns the SQLSTATE it failed with, or null when it succeeded. */
    public static String failure(DbTarget target, String command) {
        try (Connection connection = Database.connect(target);
             Statement statement = connection.createStatement()) {
            statement.execute(command);
            return null;
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    public static long number(DbTarget target, String query) {
        return Long.parseLong(value(target, query));
    }

    /**
     * Writes rows into logs by hand, as another program would, then has the aggregate levels and
     * the page views per hour count them (webtop's own writers need no such step).
     */
    public static void insertLogs(DbTarget target, String inserts) {
        execute(target, inserts);
        execute(target, "CALL webtop_refresh_aggregates()");
        execute(target, "SELECT webtop_recount_pages(min(time), max(time) + INTERVAL '1 hour') FROM logs");
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
