package dev.webtop.support;

import dev.webtop.config.DbTarget;

/** Stores crafted probe results the way `webtop probe` does: through webtop_store_probes(). */
public final class ProbeRows {
    private ProbeRows() {
    }

    /** `select` yields columns named like probe_results' (time, location, target, outcome, ...). */
    public static void store(DbTarget db, String select) {
        store(db, select, false);
    }

    public static void store(DbTarget db, String select, boolean smart) {
        Sql.execute(db, "SELECT webtop_store_probes(coalesce(jsonb_agg(to_jsonb(x) ORDER BY x.time), '[]'), "
            + smart + ") FROM (" + select + ") x");
    }
}
