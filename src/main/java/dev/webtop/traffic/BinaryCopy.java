package dev.webtop.traffic;

import java.util.Arrays;

/**
 * Encodes a LogBatch in PostgreSQL's binary COPY format: a header, then per row the field count
 * and each field as a length and its bytes (-1 for NULL), then a trailer. Big-endian throughout;
 * timestamptz is microseconds since 2000-01-01 UTC.
 */
final class BinaryCopy {
    static final String COLUMNS = "time, domain, path, user_id, session_id, status, bytes, response_ms, "
        + "is_bot, source, event_type, user_agent, bot_rule, referrer, client_ip, "
        + "browser, os, device, country, utm_source, utm_medium, utm_campaign";
    private static final int FIELDS = 22;
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
        0, 0, 0, 0, 0, 0, 0, 0};
    private static final byte[] RATE = LogBatch.utf8("rate");
    private static final byte[] USER_AGENT = LogBatch.utf8("user_agent");

    private byte[] buffer = new byte[1 << 16];
    private int length;

    /** Rows [from, to) of the batch as COPY data: the first length() bytes, valid until the next call. */
    byte[] encode(LogBatch batch, int from, int to) {
        length = 0;
        put(HEADER);
        byte[] source = LogBatch.utf8(batch.source.label());
        for (int i = from; i < to; i++) {
            ensure(256);
            putShort(FIELDS);
            putInt(8);
            putLong(batch.timeMicros[i] - POSTGRES_EPOCH_MICROS);
            text(batch.domain[i]);
            text(batch.path[i]);
            text(batch.user[i]);
            text(batch.session[i]);
            putInt(2);
            putShort(batch.status[i]);
            if (batch.bytes[i] < 0) {
                putInt(-1);
            } else {
                putInt(8);
                putLong(batch.bytes[i]);
            }
            if (batch.responseMs[i] < 0) {
                putInt(-1);
            } else {
                putInt(4);
                putInt(batch.responseMs[i]);
            }
            putInt(1);
            buffer[length++] = (byte) (batch.botRule[i] == LogBatch.BOT_NONE ? 0 : 1);
            text(source);
            text(batch.eventType[i]);
            text(batch.userAgent[i]);
            text(switch (batch.botRule[i]) {
                case LogBatch.BOT_RATE -> RATE;
                case LogBatch.BOT_USER_AGENT -> USER_AGENT;
                default -> null;
            });
            text(batch.referrer[i]);
            text(batch.clientIp[i]);
            text(batch.browser[i]);
            text(batch.os[i]);
            text(batch.device[i]);
            text(batch.country[i]);
            text(batch.utmSource[i]);
            text(batch.utmMedium[i]);
            text(batch.utmCampaign[i]);
        }
        ensure(2);
        putShort(-1);
        return buffer;
    }

    int length() {
        return length;
    }

    private void text(byte[] value) {
        if (value == null) {
            ensure(4);
            putInt(-1);
            return;
        }
        ensure(4 + value.length);
        putInt(value.length);
        System.arraycopy(value, 0, buffer, length, value.length);
        length += value.length;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    private void putShort(int value) {
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void putInt(int value) {
        buffer[length++] = (byte) (value >>> 24);
        buffer[length++] = (byte) (value >>> 16);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void putLong(long value) {
        putInt((int) (value >>> 32));
        putInt((int) value);
    }
}
