package dev.webtop.db;

import dev.webtop.config.DbTarget;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What webtop can and cannot do on a database's TimescaleDB edition (the webtop_features view). */
public final class Features {
    private Features() {
    }

    /** The features this edition lacks (compression, say, on the Apache edition), by name. */
    public static List<String> unavailable(DbTarget target) {
        return Database.run(target, connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(
                     "SELECT feature FROM webtop_features WHERE NOT available ORDER BY feature")) {
                List<String> features = new ArrayList<>();
                while (rows.next()) {
                    features.add(rows.getString(1));
                }
                return features;
            }
        });
    }
}
