package dev.webtop.monitor;

import dev.webtop.db.SqlResources;

/** The dashboard's SQL, kept as named files beside this class (queries/NAME.sql). */
final class Queries {
    private Queries() {
    }

    static String get(String name) {
        return SqlResources.load(Queries.class, "queries/" + name + ".sql");
    }
}
