package dev.webtop.traffic;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The goal completions of a batch for goal_hours: per hour, goal and visitor, how often. The goals
 * are read in the batch's transaction, so that one added meanwhile (webtop_add_goal, which waits
 * for such transactions) is counted either here or by its own count of the raw rows, never both.
 */
final class GoalCompletions {
    private record Completion(long hour, int goal, byte[] user, boolean bot) {
    }

    private final VisitorHours visitors;
    private List<Goal> goals = List.of();
    // per domain name (the writers' interned arrays): the goals of that domain, by path or event
    private final Map<byte[], Map<String, Integer>> byDomain = new IdentityHashMap<>();
    private final Map<Completion, int[]> counted = new HashMap<>();

    GoalCompletions(VisitorHours visitors) {
        this.visitors = visitors;
    }

    /** A new transaction begins: what an unfinished one counted was never stored. */
    void begin() {
        counted.clear();
    }

    /** Reads the goals, in the transaction that is about to count the batch. */
    void refresh(Connection connection) throws SQLException {
        List<Goal> now = Goal.list(connection);
        if (!now.equals(goals)) {
            goals = now;
            byDomain.clear();
        }
        if (byDomain.size() > 100_000) {
            byDomain.clear();
        }
    }

    /** Counts the row when it completes a goal of its domain. */
    void count(LogBatch batch, int row, long hour, boolean bot) {
        if (goals.isEmpty() || batch.user[row] == null) {
            return;
        }
        Map<String, Integer> domainGoals = byDomain.computeIfAbsent(batch.domain[row], this::goalsOf);
        if (domainGoals.isEmpty()) {
            return;
        }
        Integer goal = domainGoals.get(batch.isPageView(row) ? Goal.PATH + " " + text(batch.path[row])
            : Goal.EVENT + " " + text(batch.eventType[row]));
        if (goal != null) {
            counted.computeIfAbsent(new Completion(hour, goal, batch.user[row], bot), c -> new int[1])[0]++;
        }
    }

    /** Parameters first..first+4 of webtop_add_goal_completions: the batch's completions. */
    void bind(Connection connection, PreparedStatement statement, int first) throws SQLException {
        int n = counted.size();
        String[] hours = new String[n];
        Integer[] goalIds = new Integer[n];
        Long[] visitorIds = new Long[n];
        Boolean[] bots = new Boolean[n];
        Integer[] completions = new Integer[n];
        int i = 0;
        for (Map.Entry<Completion, int[]> entry : counted.entrySet()) {
            Completion completion = entry.getKey();
            hours[i] = Instant.ofEpochSecond(completion.hour() / 1_000_000).toString();
            goalIds[i] = completion.goal();
            visitorIds[i] = visitors.id(completion.user());
            bots[i] = completion.bot();
            completions[i] = entry.getValue()[0];
            i++;
        }
        counted.clear();
        statement.setArray(first, connection.createArrayOf("timestamptz", hours));
        statement.setArray(first + 1, connection.createArrayOf("integer", goalIds));
        statement.setArray(first + 2, connection.createArrayOf("bigint", visitorIds));
        statement.setArray(first + 3, connection.createArrayOf("boolean", bots));
        statement.setArray(first + 4, connection.createArrayOf("integer", completions));
    }

    /** A domain's goals by "path /p" or "event Name" (one goal each: they are unique per domain). */
    private Map<String, Integer> goalsOf(byte[] domain) {
        String name = text(domain);
        Map<String, Integer> keys = new HashMap<>();
        for (Goal goal : goals) {
            if (goal.domain().equals(name)) {
                keys.put(goal.kind() + " " + goal.target(), goal.id());
            }
        }
        return keys;
    }

    private static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
