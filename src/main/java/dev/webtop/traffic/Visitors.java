package dev.webtop.traffic;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * Who made a request, without keeping who they are: a user is a hash of a secret salt, the UTC
 * day, the client address and the user agent (a new id each day, as privacy-minded analytics
 * do); a session ends after 30 minutes without a request, and its first page view is its entry. One array per user and session, so
 * that BotRules can tell users apart by identity.
 */
public final class Visitors {
    private static final long SESSION_IDLE_MICROS = 30L * 60 * 1_000_000;

    private static final class Visitor {
        final byte[] name;
        long lastSeen;
        byte[] session;
        boolean entered;   // the session has had its first page view

        Visitor(byte[] name) {
            this.name = name;
        }
    }

    private final byte[] secret;
    private final MessageDigest sha256;
    private final Map<String, Visitor> visitors = new HashMap<>();
    private long lastSweep;

    public Visitors(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /** Sets the row's user and session from its address, agent and time (after its event type). */
    public void assign(LogBatch batch, int row, String ip, String agent) {
        long micros = batch.time(row);
        long day = Math.floorDiv(micros, 86_400_000_000L);
        String key = day + "|" + ip + "|" + agent;
        Visitor visitor = visitors.get(key);
        if (visitor == null) {
            sha256.reset();
            sha256.update(secret);
            sha256.update(key.getBytes(StandardCharsets.UTF_8));
            byte[] digest = sha256.digest();
            visitor = new Visitor(LogBatch.utf8("v" + HexFormat.of().formatHex(digest, 0, 8)));
            visitors.put(key, visitor);
        }
        if (visitor.session == null || micros - visitor.lastSeen > SESSION_IDLE_MICROS) {
            visitor.session = LogBatch.utf8(new String(visitor.name, StandardCharsets.UTF_8) + "-"
                + Long.toString(micros / 1_000_000, 36));
            visitor.entered = false;
        }
        if (!visitor.entered && batch.isPageView(row)) {
            batch.entry(row);
            visitor.entered = true;
        }
        visitor.lastSeen = Math.max(visitor.lastSeen, micros);
        batch.visitor(row, visitor.name, visitor.session);
        if (visitors.size() > 200_000 && micros - lastSweep > SESSION_IDLE_MICROS) {
            sweep(micros);
        }
    }

    /** Forgets visitors idle for longer than a session lasts: memory stays bounded. */
    private void sweep(long now) {
        lastSweep = now;
        for (Iterator<Visitor> it = visitors.values().iterator(); it.hasNext(); ) {
            if (now - it.next().lastSeen > SESSION_IDLE_MICROS) {
                it.remove();
            }
        }
    }
}
