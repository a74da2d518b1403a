package dev.webtop.db;

import dev.webtop.config.DbTarget;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Which TimescaleDB edition a server runs, as its licence setting names it. */
final class Edition {
    private Edition() {
    }

    /**
     * `timescale` (community) or `apache`. The licence setting only exists in a session once
     * TimescaleDB is loaded into it, so a database without the extension gets it created in a
     * transaction that is rolled back: the setting stays readable and nothing is written (the
     * first migration creates the extension for real).
     */
    static String detect(DbTarget target) {
        try (Connection connection = Database.connect(target);
             Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
            try (ResultSet row = statement.executeQuery(
                     "SELECT current_setting('timescaledb.license', true)")) {
                row.next();
                String license = row.getString(1);
                connection.rollback();
                return ServerInfo.COMMUNITY.equals(license) ? ServerInfo.COMMUNITY : ServerInfo.APACHE;
            }
        } catch (SQLException e) {
            throw Database.failure(target, e);
        }
    }
}
