package dev.webtop.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.webtop.config.DbTarget;
import dev.webtop.support.ProbeRows;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Down after two failures in a row, up after two successes; raw rows untouched. */
class ProbeStateTest {

    /** One result per outcome, a minute apart, starting at 10:00. */
    private static void results(DbTarget db, String target, int firstMinute, String... outcomes) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < outcomes.length; i++) {
            sql.append(i == 0 ? "" : " UNION ALL ")
                .append("SELECT '2026-11-23 10:00:00+00'::timestamptz + INTERVAL '").append(firstMinute + i)
                .append(" minutes' AS time, 'lab' AS location, '").append(target).append("' AS target, '")
                .append(outcomes[i]).append("' AS outcome, true AS responsive, 5 AS total_ms, 'minute ")
                .append(firstMinute + i).append("' AS detail");
        }
        ProbeRows.store(db, sql.toString());
    }

    private static List<String> state(DbTarget db, String target) {
        return Sql.rows(db, "SELECT state, consecutive_failures::text, to_char(since, 'HH24:MI') FROM probe_state "
            + "WHERE target = '" + target + "'").get(0);
    }

    private static List<List<String>> incidents(DbTarget db, String target) {
        return Sql.rows(db, "SELECT to_char(started_at, 'HH24:MI'), to_char(ended_at, 'HH24:MI'), cause, detail "
            + "FROM probe_incidents WHERE target = '" + target + "' ORDER BY started_at");
    }

    @Test
    void oneFailureIsNotAnOutageButTwoAreAndTwoSuccessesEndIt() {
        DbTarget db = TestDatabase.withPipeline();
        results(db, "a", 0, "ok", "connect_refused", "ok", "http_status", "connect_timeout", "dns_error", "ok");
        assertEquals(List.of("down", "0", "10:03"), state(db, "a"), "still down after one success");
        assertEquals(List.of(Arrays.asList("10:03", null, "connect_timeout", "minute 4")), incidents(db, "a"));

        results(db, "a", 7, "ok");
        assertEquals(List.of("up", "0", "10:07"), state(db, "a"));
        assertEquals(List.of(List.of("10:03", "10:07", "connect_timeout", "minute 4")), incidents(db, "a"));
        assertEquals(8, Sql.number(db, "SELECT count(*) FROM probe_results WHERE target = 'a'"), "raw rows stay");
    }

    @Test
    void slowAnswersAreDegradedNotDown() {
        DbTarget db = TestDatabase.withPipeline();
        results(db, "slow", 0, "ok", "degraded", "degraded");
        assertEquals(List.of("degraded", "0", "10:01"), state(db, "slow"));
        assertEquals(List.of(), incidents(db, "slow"));
    }

    @Test
    void applyingInBatchesEndsWhereApplyingAtOnceDoes() {
        DbTarget db = TestDatabase.withPipeline();
        results(db, "once", 0, "ok", "body_timeout", "body_timeout", "ok", "ok");
        results(db, "batches", 0, "ok", "body_timeout");
        results(db, "batches", 2, "body_timeout", "ok");
        results(db, "batches", 4, "ok");
        assertEquals(state(db, "once"), state(db, "batches"));
        assertEquals(incidents(db, "once"), incidents(db, "batches"));
        assertEquals(List.of(List.of("10:01", "10:04", "body_timeout", "minute 2")), incidents(db, "batches"));
    }
}
