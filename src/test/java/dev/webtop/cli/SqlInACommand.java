package dev.webtop.cli;

import java.sql.Connection;
import java.sql.SQLException;

/** A command as it must not be written (it runs SQL itself): the architecture rules' counterexample. */
public final class SqlInACommand {
    private SqlInACommand() {
    }

    static boolean ping(Connection connection) throws SQLException {
        return connection.createStatement().execute("SELECT 1");
    }
}
