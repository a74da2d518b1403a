package dev.webtop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webtop.base.Json;
import dev.webtop.config.DbTarget;
import dev.webtop.support.Cli;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.TestDatabase;
import dev.webtop.traffic.LogBatch;
import dev.webtop.traffic.LogSlice;
import dev.webtop.traffic.Source;
import dev.webtop.traffic.TrafficWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A session is the user's, not the writer's: events of the same users written by two writers and,
 * after a restart, a third, each with session ids of its own, make the sessions a sessionization
 * of the raw rows gives (a gap of more than 30 minutes ends one).
 */
class SessionsReportTest {
    private record Event(String user, int minutesAgo) {
    }

    private static final Instant NOW = Instant.now();

    /** One writer's events, each under a session id of that writer's own. */
    private static void write(DbTarget db, String writer, List<Event> events) {
        LogBatch batch = new LogBatch(Source.ACCESS_LOG, events.size());
        for (Event e : events) {
            int row = batch.add(NOW.minus(Duration.ofMinutes(e.minutesAgo())).toEpochMilli() * 1000,
                LogBatch.utf8("sessions.example"), LogBatch.utf8("/" + writer));
            batch.visitor(row, LogBatch.utf8(e.user()), LogBatch.utf8(e.user() + "-" + writer));
        }
        try (TrafficWriter w = new TrafficWriter(db)) {
            w.write(LogSlice.all(batch));
        }
    }

    /** Per user, [minutes ago the active session started, its events], from the events alone. */
    private static Map<String, long[]> expectedActive(List<Event> all) {
        Map<String, List<Integer>> byUser = new TreeMap<>();
        all.forEach(e -> byUser.computeIfAbsent(e.user(), u -> new ArrayList<>()).add(e.minutesAgo()));
        Map<String, long[]> active = new TreeMap<>();
        byUser.forEach((user, agos) -> {
            agos.sort((a, b) -> b - a);   // oldest first
            int start = 0;
            for (int i = 1; i < agos.size(); i++) {
                if (agos.get(i - 1) - agos.get(i) > 30) {
                    start = i;
                }
            }
            if (agos.get(agos.size() - 1) < 30) {
                active.put(user, new long[] {agos.get(start), agos.size() - start});
            }
        });
        return active;
    }

    @Test
    void sessionsContinueAcrossWritersAndRestartsAndEndAfterThirtyIdleMinutes() throws Exception {
        DbTarget db = TestDatabase.withPipeline();
        List<Event> first = List.of(new Event("u1", 50), new Event("u2", 80), new Event("u3", 40), new Event("u4", 10));
        List<Event> second = List.of(new Event("u1", 25), new Event("u2", 45), new Event("u4", 9), new Event("u5", 3));
        List<Event> afterRestart = List.of(new Event("u1", 2), new Event("u2", 20), new Event("u5", 1),
            new Event("u6", 70), new Event("u6", 5));
        write(db, "a", first);
        write(db, "b", second);
        write(db, "c", afterRestart);
        List<Event> all = new ArrayList<>(first);
        all.addAll(second);
        all.addAll(afterRestart);

        Run run = Cli.isolated().run("report", "sessions", "--json", "--db-url", TestDatabase.url(db));
        assertEquals(0, run.exitCode(), run.toString());
        Map<String, String> reported = new TreeMap<>();
        for (String line : run.out().strip().split("\n")) {
            JsonNode row = Json.read(line, JsonNode.class);
            long startedAgo = Duration.between(Instant.parse(row.get("started").asText()), NOW).toMinutes();
            reported.put(row.get("user_id").asText(), startedAgo + " " + row.get("events").asLong());
        }
        Map<String, String> expected = new TreeMap<>();
        expectedActive(all).forEach((user, s) -> expected.put(user, s[0] + " " + s[1]));
        assertEquals(expected, reported);
        assertEquals("50 3", reported.get("u1"), "one session through three writers");
        assertEquals("45 2", reported.get("u2"), "35 idle minutes ended the first");

        Run timeline = Cli.isolated().run("report", "sessions", "--user", "u2", "--json", "--db-url", TestDatabase.url(db));
        List<Long> events = new ArrayList<>();
        for (String line : timeline.out().strip().split("\n")) {
            events.add(Json.read(line, JsonNode.class).get("events").asLong());
        }
        assertEquals(List.of(1L, 2L), events, "u2: one event, then 35 idle minutes, then two");
    }
}
