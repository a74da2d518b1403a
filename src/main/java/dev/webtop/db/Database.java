package dev.webtop.db;

import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.ds.PGSimpleDataSource;

/** Connections to webtop's database, with failures to connect turned into exit code 3. */
public final class Database {
    private static final int CONNECT_TIMEOUT_SECONDS = 5;
    private static final String UNDEFINED_DATABASE = "3D000";

    private Database() {
    }

    public static PGSimpleDataSource dataSource(DbTarget target) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(target.jdbcUrl());
        source.setUser(target.user());
        if (target.password() != null) {
            source.setPassword(target.password());
        }
        source.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        source.setLoginTimeout(CONNECT_TIMEOUT_SECONDS);
        source.setApplicationName("webtop");
        return source;
    }

    /**
     * Runs work on a connection of its own, closed afterwards: an unreachable database is exit 3,
     * a failed statement is reported as {@link #failure} says.
     */
    public static <T> T run(DbTarget target, SqlWork<T> work) {
        try (Connection connection = connect(target)) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(target, e);
        }
    }

    public static Connection connect(DbTarget target) {
        try {
            return dataSource(target).getConnection();
        } catch (SQLException e) {
            throw unreachable(target, e);
        }
    }

    /** Creates the database when the server lacks it; webtop's own runtimes always need this. */
    public static void ensureExists(DbTarget target) {
        try (Connection ignored = dataSource(target).getConnection()) {
            return;
        } catch (SQLException e) {
            if (!UNDEFINED_DATABASE.equals(e.getSQLState())) {
                throw unreachable(target, e);
            }
        }
        try (Connection maintenance = connect(target.withDatabase("postgres"));
             Statement statement = maintenance.createStatement()) {
            statement.execute("CREATE DATABASE " + quoteIdentifier(target.database()));
        } catch (SQLException e) {
            // created meanwhile by a concurrent start: "already exists", or the catalog's unique
            // index when both creations ran at the same moment
            if (!"42P04".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
                throw WebtopException.failure("cannot create database " + target.database()
                    + ": " + e.getMessage(), e);
            }
        }
    }

    /** True when the failure means "no usable connection", not a problem with a statement. */
    public static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("28")
            || state.equals(UNDEFINED_DATABASE) || state.startsWith("57P"));
    }

    public static WebtopException unreachable(DbTarget target, SQLException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName()
            : firstSentence(e.getMessage());
        String hint = e.getSQLState() != null && e.getSQLState().startsWith("28")
            ? "check the user and password"
            : "check that it is running (./webtop start) and the URL (--db-url, WEBTOP_DB_URL)";
        return WebtopException.unreachable("cannot connect to " + target.maskedUrl() + ": "
            + reason + "; " + hint, e);
    }

    private static String firstSentence(String message) {
        String line = message.lines().findFirst().orElse("").strip();
        int end = line.indexOf(". ");
        String sentence = end < 0 ? line : line.substring(0, end);
        return sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
    }

    /**
     * A failed statement as the user should hear of it: lost connections exit 3, values the
     * database rejected as invalid (SQLSTATE 22023, raised by webtop's own checks) exit 2 with
     * the database's sentence, anything else exits 4.
     */
    public static WebtopException failure(DbTarget target, SQLException e) {
        if (isConnectionFailure(e)) {
            return unreachable(target, e);
        }
        String message = serverMessage(e);
        if ("22023".equals(e.getSQLState())) {
            return new WebtopException(ExitCode.BAD_INPUT, message, e);
        }
        return WebtopException.failure("the database refused: " + message, e);
    }

    /** The server's own sentence, without pgjdbc's "ERROR:" and the lines of context after it. */
    static String serverMessage(SQLException e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return text.lines().findFirst().orElse(text).replaceFirst("^ERROR:\\s*", "").strip();
    }

    static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
