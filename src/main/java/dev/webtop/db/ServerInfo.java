package dev.webtop.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a server is: versions, TimescaleDB edition and pg_cron, read live. `edition` is
 * TimescaleDB's licence setting: `timescale` (community) or `apache`; null without TimescaleDB.
 */
public record ServerInfo(String postgresVersion, String timescaledbVersion, String edition,
                         String pgCronVersion, long databaseSizeBytes) {

    public static final String COMMUNITY = "timescale";
    public static final String APACHE = "apache";

    private static final String QUERY = """
        SELECT split_part(current_setting('server_version'), ' ', 1),
               (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'),
               current_setting('timescaledb.license', true),
               (SELECT extversion FROM pg_extension WHERE extname = 'pg_cron'),
               pg_database_size(current_database())
        """;

    public static ServerInfo read(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(QUERY)) {
            row.next();
            String timescale = row.getString(2);
            return new ServerInfo(row.getString(1), timescale,
                timescale == null ? null : row.getString(3), row.getString(4), row.getLong(5));
        }
    }

    public boolean hasTimescaleDb() {
        return timescaledbVersion != null;
    }

    /** The edition as status prints it: "timescale (community)" or "apache". */
    public String editionLabel() {
        if (edition == null) {
            return "none";
        }
        return COMMUNITY.equals(edition) ? edition + " (community)" : edition;
    }
}
