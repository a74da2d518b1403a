package dev.webtop.traffic;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * The visitors of a batch for visitor_hours: each user that came to a domain in an hour, once,
 * copied in with the batch.
 * The visitor is the first 64 bits of the MD5 of its user id, which SQL computes the same way
 * (webtop_visitor_hash). A visitor a writer of this process already stored in an hour is not sent
 * again: the set of those grows only when a transaction commits, so a batch written again after a
 * failure sends all of its own.
 */
final class VisitorHours {
    private static final long MICROS_PER_HOUR = 3_600_000_000L;
    private static final int REMEMBERED = 1_000_000;
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
        0, 0, 0, 0, 0, 0, 0, 0};

    private record Visit(long hour, byte[] domain, byte[] user, boolean bot) {
    }

    // visits as 64-bit keys (see key()): a rare collision drops one visit of millions. What any
    // writer of this process committed is shared: parallel writers send a visit once between them.
    private static final LongSet SENT = new LongSet();
    private final LongSet sending = new LongSet();
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
        synchronized (SENT) {
            if (SENT.size() + sending.size() > REMEMBERED) {
                SENT.clear();
            }
            SENT.addAll(sending);
        }
        sending.clear();
    }

    /** Notes that a user came in the hour holding the time (a request not answered 4xx). */
    void add(long micros, byte[] domain, byte[] user, boolean bot) {
        if (hashes.size() > REMEMBERED) {
            hashes.clear();
            domains.clear();
            lastVisits.clear();
        }
        long hour = Math.floorDiv(micros, MICROS_PER_HOUR) * MICROS_PER_HOUR;
        Visit last = lastVisits.get(user);
        if (last != null && last.hour() == hour && last.domain() == domain && last.bot() == bot) {
            return;
        }
        Visit visit = new Visit(hour, domain, user, bot);
        lastVisits.put(user, visit);
        long key = key(visit);
        boolean stored;
        synchronized (SENT) {
            stored = SENT.contains(key);
        }
        if (!stored && sending.add(key)) {
            batch.add(visit);
        }
    }

    /**
     * Stores the visits noted since the last call, by a binary COPY into visitor_hours (in the
     * writer's transaction): an append, with no array to build or parse.
     */
    void store(CopyManager copies) throws SQLException {
        if (batch.isEmpty()) {
            return;
        }
        ByteBuffer rows = ByteBuffer.allocate(HEADER.length + 2 + batch.size() * 64);
        rows.put(HEADER);
        for (Visit visit : batch) {
            if (rows.remaining() < 64 + visit.domain().length) {
                ByteBuffer bigger = ByteBuffer.allocate(rows.capacity() * 2 + visit.domain().length);
                rows.flip();
                rows = bigger.put(rows);
            }
            rows.putShort((short) 4);
            rows.putInt(8).putLong(visit.hour() - POSTGRES_EPOCH_MICROS);
            rows.putInt(visit.domain().length).put(visit.domain());
            rows.putInt(8).putLong(id(visit.user()));
            rows.putInt(1).put((byte) (visit.bot() ? 1 : 0));
        }
        if (rows.remaining() < 2) {
            ByteBuffer bigger = ByteBuffer.allocate(rows.capacity() + 2);
            rows.flip();
            rows = bigger.put(rows);
        }
        rows.putShort((short) -1);
        batch.clear();
        CopyIn copy = copies.copyIn("COPY visitor_hours (hour, domain, visitor, bot) FROM STDIN (FORMAT binary)");
        try {
            copy.writeToCopy(rows.array(), 0, rows.position());
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** A visit as one number: its visitor id, domain, hour and whether a bot's, mixed. */
    private long key(Visit visit) {
        long key = id(visit.user());
        key = key * 31 + name(visit.domain()).hashCode();
        key = key * 31 + visit.hour() / MICROS_PER_HOUR;
        key = key * 2 + (visit.bot() ? 1 : 0);
        key ^= key >>> 33;
        key *= 0xFF51AFD7ED558CCDL;
        return key ^ (key >>> 33);
    }

    private String name(byte[] domain) {
        return domains.computeIfAbsent(domain, d -> new String(d, StandardCharsets.UTF_8));
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
