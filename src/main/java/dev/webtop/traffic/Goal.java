package dev.webtop.traffic;

import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.config.DomainNames;
import dev.webtop.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A goal (webtop_goals): page views of one path of a domain, or events of one type on it. Every
 * writer counts its completions and converting visitors in goal_hours (see GoalCompletions).
 */
public record Goal(int id, String domain, String kind, String target, Instant createdAt) {
    public static final String PATH = "path";
    public static final String EVENT = "event";

    /** What reports call it: "visit /signup/done" or "event Signup". */
    public String name() {
        return (kind.equals(PATH) ? "visit " : "event ") + target;
    }

    /** Adds a goal (counted in the raw rows still kept, and from now on); returns it. */
    public static Goal add(DbTarget target, String domain, String kind, String what) {
        if (!DomainNames.isValid(domain)) {
            throw WebtopException.badInput("--domain takes a domain name like example.com, not '" + domain + "'");
        }
        if (kind.equals(PATH) && !what.startsWith("/")) {
            throw WebtopException.badInput("--path takes a page's path starting with /, like /signup/done, not '" + what + "'");
        }
        if (what.isBlank() || what.length() > 500) {
            throw WebtopException.badInput("a goal's " + (kind.equals(PATH) ? "--path" : "--event") + " takes 1 to 500 characters");
        }
        return Database.run(target, connection -> {
            for (Goal goal : list(connection)) {
                if (goal.domain().equals(domain) && goal.kind().equals(kind) && goal.target().equals(what)) {
                    throw WebtopException.badInput("that is goal " + goal.id() + " already (webtop goal list)");
                }
            }
            try (PreparedStatement add = connection.prepareStatement("SELECT webtop_add_goal(?, ?, ?)")) {
                add.setString(1, domain);
                add.setString(2, kind);
                add.setString(3, what);
                try (ResultSet row = add.executeQuery()) {
                    row.next();
                    int id = row.getInt(1);
                    return list(connection).stream().filter(g -> g.id() == id).findFirst().orElseThrow();
                }
            }
        });
    }

    /** Removes a goal and what was counted for it; false when there is no such goal. */
    public static boolean remove(DbTarget target, int id) {
        return Database.run(target, connection -> {
            try (PreparedStatement remove = connection.prepareStatement("WITH gone AS (DELETE FROM webtop_goals "
                + "WHERE id = ? RETURNING id), counted AS (DELETE FROM goal_hours WHERE goal_id IN (SELECT id FROM gone)) "
                + "SELECT count(*) FROM gone")) {
                remove.setInt(1, id);
                try (ResultSet row = remove.executeQuery()) {
                    row.next();
                    return row.getLong(1) > 0;
                }
            }
        });
    }

    public static List<Goal> list(DbTarget target) {
        return Database.run(target, Goal::list);
    }

    /** Every goal, by domain and id (on a writer's connection: in its transaction). */
    static List<Goal> list(Connection connection) throws SQLException {
        List<Goal> goals = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                 "SELECT id, domain, kind, target, created_at FROM webtop_goals ORDER BY domain, id");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                goals.add(new Goal(rows.getInt(1), rows.getString(2), rows.getString(3), rows.getString(4),
                    rows.getTimestamp(5).toInstant()));
            }
        }
        return goals;
    }
}
