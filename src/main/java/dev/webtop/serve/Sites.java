package dev.webtop.serve;

import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.config.DomainNames;
import dev.webtop.db.ConnectionPool;
import dev.webtop.db.Database;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The websites whose visitors' page views the collector takes: those in webtop_sites (`webtop
 * site add`) and those named with `serve --site`. A site's subdomains count as the site; CORS
 * answers are given to pages of these sites only.
 */
public final class Sites {
    private final Set<String> fromFlags;
    private volatile Set<String> all;

    Sites(List<String> fromFlags) {
        for (String site : fromFlags) {
            check(site);
        }
        this.fromFlags = Set.copyOf(fromFlags);
        this.all = this.fromFlags;
    }

    /** Reads the kept sites again (done every few seconds, so that `site add` needs no restart). */
    void reload(ConnectionPool reads) throws SQLException {
        Set<String> sites = new HashSet<>(fromFlags);
        sites.addAll(reads.run(Sites::kept));
        all = Set.copyOf(sites);
    }

    /** The site a domain belongs to (itself, or the site it is a subdomain of), or null. */
    String siteOf(String domain) {
        if (domain == null) {
            return null;
        }
        String name = domain.toLowerCase(Locale.ROOT);
        while (true) {
            if (all.contains(name)) {
                return name;
            }
            int dot = name.indexOf('.');
            if (dot < 0 || name.indexOf('.', dot + 1) < 0) {
                return null;
            }
            name = name.substring(dot + 1);
        }
    }

    /** Whether a page of this origin (scheme://host[:port]) may call the collector from a browser. */
    boolean allowsOrigin(String origin) {
        try {
            return origin != null && siteOf(URI.create(origin).getHost()) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    int size() {
        return all.size();
    }

    public static void add(DbTarget target, String site) {
        check(site);
        Database.run(target, connection -> update(connection, "INSERT INTO webtop_sites (domain) VALUES (?) "
            + "ON CONFLICT DO NOTHING", site));
    }

    /** Removes a kept site; false when it was not kept. */
    public static boolean remove(DbTarget target, String site) {
        return Database.run(target, connection -> update(connection, "DELETE FROM webtop_sites WHERE domain = ?", site)) > 0;
    }

    public static List<String> list(DbTarget target) {
        return Database.run(target, Sites::kept);
    }

    private static List<String> kept(Connection connection) throws SQLException {
        List<String> sites = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT domain FROM webtop_sites ORDER BY domain");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                sites.add(rows.getString(1));
            }
        }
        return sites;
    }

    private static int update(Connection connection, String sql, String site) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, site);
            return statement.executeUpdate();
        }
    }

    private static void check(String site) {
        if (!DomainNames.isValid(site)) {
            throw WebtopException.badInput("'" + site + "' is not a domain name like example.com");
        }
    }
}
