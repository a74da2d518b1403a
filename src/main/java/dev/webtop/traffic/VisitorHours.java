package dev.webtop.traffic;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The visitors of a batch for visitor_hours: each user that came to a domain in an hour, once.
 * The visitor is the first 64 bits of the MD5 of its user id, which SQL computes the same way
 * (webtop_visitor_hash). A visitor this writer already stored in an hour is not sent again: the
 * set of those grows only when a transaction commits, so a batch written again after a failure
 * sends all of its own.
 */
final class VisitorHours {
    private static final long MICROS_PER_HOUR = 3_600_000_000L;
    private static final int REMEMBERED = 1_000_000;

    private record Visit(long hour, byte[] domain, byte[] user, boolean bot) {
    }

    private final Set<Visit> sent = new HashSet<>();
    private final Set<Visit> sending = new HashSet<>();
    private final List<Visit> batch = new ArrayList<>();
    // each user's last visit noted in this transaction: most rows repeat it, and skip the sets
    private final Map<byte[], Visit> lastVisits = new IdentityHashMap<>();
    // writers intern names and users: each is converted and hashed once while remembered
    private final Map<byte[], String> domains = new IdentityHashMap<>();
    private final Map<byte[], Long> hashes = new IdentityHashMap<>();
    private final MessageDigest md5;

    VisitorHours() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no MD5 in this JVM", e);
        }
    }

    /** A new transaction begins: what an unfinished one counted was never stored. */
    void begin() {
        sending.clear();
        batch.clear();
        lastVisits.clear();
    }

    /** The transaction committed: its visitors are stored. */
    void committed() {
        if (sent.size() + sending.size() > REMEMBERED) {
            sent.clear();
        }
        sent.addAll(sending);
        sending.clear();
    }

    /** Notes that a user came in the hour holding the time (a request not answered 4xx). */
    void add(long micros, byte[] domain, byte[] user, boolean bot) {
        long hour = Math.floorDiv(micros, MICROS_PER_HOUR) * MICROS_PER_HOUR;
        Visit last = lastVisits.get(user);
        if (last != null && last.hour() == hour && last.domain() == domain && last.bot() == bot) {
            return;
        }
        Visit visit = new Visit(hour, domain, user, bot);
        lastVisits.put(user, visit);
        if (!sent.contains(visit) && sending.add(visit)) {
            batch.add(visit);
        }
    }

    /** Parameters first..first+3 of webtop_add_visitors: the visits noted since the last call. */
    void bind(Connection connection, PreparedStatement statement, int first) throws SQLException {
        if (hashes.size() > REMEMBERED) {
            hashes.clear();
            domains.clear();
        }
        int n = batch.size();
        String[] hours = new String[n];
        String[] names = new String[n];
        Long[] visitors = new Long[n];
        Boolean[] bots = new Boolean[n];
        Map<Long, String> hourTexts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Visit visit = batch.get(i);
            hours[i] = hourTexts.computeIfAbsent(visit.hour(), h -> Instant.ofEpochSecond(h / 1_000_000).toString());
            names[i] = domains.computeIfAbsent(visit.domain(), d -> new String(d, StandardCharsets.UTF_8));
            visitors[i] = id(visit.user());
            bots[i] = visit.bot();
        }
        batch.clear();
        statement.setArray(first, connection.createArrayOf("timestamptz", hours));
        statement.setArray(first + 1, connection.createArrayOf("text", names));
        statement.setArray(first + 2, connection.createArrayOf("bigint", visitors));
        statement.setArray(first + 3, connection.createArrayOf("boolean", bots));
    }

    /** A user's visitor id (webtop_visitor_hash), made once per user array while remembered. */
    long id(byte[] user) {
        return hashes.computeIfAbsent(user, this::hash);
    }

    /** The first 64 bits of the MD5 of the user id, big-endian: webtop_visitor_hash in SQL. */
    private long hash(byte[] user) {
        byte[] digest = md5.digest(user);
        long value = 0;
        for (int b = 0; b < 8; b++) {
            value = (value << 8) | (digest[b] & 0xFF);
        }
        return value;
    }
}
