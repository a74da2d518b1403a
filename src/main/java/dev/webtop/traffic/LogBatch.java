package dev.webtop.traffic;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Rows for `logs`, column by column, as a writer sends them in one COPY. Text columns hold UTF-8
 * bytes; rows that share a name share its array (the page counts and the bot rule rely on it). A
 * null array, or -1 for bytes and response_ms, is SQL NULL. Writers fill rows through add() and
 * the setters below.
 */
public final class LogBatch {
    public static final byte BOT_NONE = 0;
    public static final byte BOT_RATE = 1;
    public static final byte BOT_USER_AGENT = 2;
    public static final byte[] PAGE_VIEW = utf8("page_view");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
    final Source source;
    int size;
    long[] timeMicros;
    byte[][] domain;
    byte[][] path;
    byte[][] user;
    byte[][] session;
    byte[][] eventType;
    byte[][] userAgent;
    byte[][] referrer;
    byte[][] clientIp;
    byte[][] browser;
    byte[][] os;
    byte[][] device;
    byte[][] country;
    byte[][] utmSource;
    byte[][] utmMedium;
    byte[][] utmCampaign;
    boolean[] entry;
    short[] status;
    long[] bytes;
    int[] responseMs;
    byte[] botRule;
    long[] lineEnd;

    public LogBatch(Source source, int capacity) {
        this.source = source;
        timeMicros = new long[capacity];
        domain = new byte[capacity][];
        path = new byte[capacity][];
        user = new byte[capacity][];
        session = new byte[capacity][];
        eventType = new byte[capacity][];
        userAgent = new byte[capacity][];
        referrer = new byte[capacity][];
        clientIp = new byte[capacity][];
        browser = new byte[capacity][];
        os = new byte[capacity][];
        device = new byte[capacity][];
        country = new byte[capacity][];
        utmSource = new byte[capacity][];
        utmMedium = new byte[capacity][];
        utmCampaign = new byte[capacity][];
        entry = new boolean[capacity];
        status = new short[capacity];
        bytes = new long[capacity];
        responseMs = new int[capacity];
        botRule = new byte[capacity];
        lineEnd = new long[capacity];
    }

    public int size() {
        return size;
    }

    /** Empties the batch for reuse; its arrays are kept. */
    public void clear() {
        size = 0;
    }

    /** Appends one row and returns its index; the caller fills in what differs from a bare view. */
    public int add(long micros, byte[] rowDomain, byte[] rowPath) {
        if (size == timeMicros.length) {
            grow(Math.max(16, size * 2));
        }
        int i = size++;
        timeMicros[i] = micros;
        domain[i] = rowDomain;
        path[i] = rowPath;
        user[i] = null;
        session[i] = null;
        eventType[i] = PAGE_VIEW;
        userAgent[i] = null;
        referrer[i] = null;
        clientIp[i] = null;
        browser[i] = null;
        os[i] = null;
        device[i] = null;
        country[i] = null;
        utmSource[i] = null;
        utmMedium[i] = null;
        utmCampaign[i] = null;
        entry[i] = false;
        status[i] = 200;
        bytes[i] = -1;
        responseMs[i] = -1;
        botRule[i] = BOT_NONE;
        lineEnd[i] = -1;
        return i;
    }

    private void grow(int capacity) {
        timeMicros = Arrays.copyOf(timeMicros, capacity);
        domain = Arrays.copyOf(domain, capacity);
        path = Arrays.copyOf(path, capacity);
        user = Arrays.copyOf(user, capacity);
        session = Arrays.copyOf(session, capacity);
        eventType = Arrays.copyOf(eventType, capacity);
        userAgent = Arrays.copyOf(userAgent, capacity);
        referrer = Arrays.copyOf(referrer, capacity);
        clientIp = Arrays.copyOf(clientIp, capacity);
        browser = Arrays.copyOf(browser, capacity);
        os = Arrays.copyOf(os, capacity);
        device = Arrays.copyOf(device, capacity);
        country = Arrays.copyOf(country, capacity);
        utmSource = Arrays.copyOf(utmSource, capacity);
        utmMedium = Arrays.copyOf(utmMedium, capacity);
        utmCampaign = Arrays.copyOf(utmCampaign, capacity);
        entry = Arrays.copyOf(entry, capacity);
        status = Arrays.copyOf(status, capacity);
        bytes = Arrays.copyOf(bytes, capacity);
        responseMs = Arrays.copyOf(responseMs, capacity);
        botRule = Arrays.copyOf(botRule, capacity);
        lineEnd = Arrays.copyOf(lineEnd, capacity);
    }

    /** Takes back the row added last. */
    public void dropLast() {
        size--;
    }

    /** The row's domain as UTF-8 (shared with the rows of the same domain). */
    public byte[] domainBytes(int row) {
        return domain[row];
    }

    public long time(int row) {
        return timeMicros[row];
    }

    /** What a web server logged about the row's request. */
    public void request(int row, short rowStatus, long rowBytes, byte[] rowEventType, byte[] rowUserAgent,
                        byte[] rowReferrer, byte[] rowClientIp) {
        status[row] = rowStatus;
        bytes[row] = rowBytes;
        eventType[row] = rowEventType;
        userAgent[row] = rowUserAgent;
        referrer[row] = rowReferrer;
        clientIp[row] = rowClientIp;
    }

    /**
     * Where the row's line ends in its file (the byte offset after it): with the file, it names the
     * row, so that a row shipped twice through Kafka is stored once.
     */
    public void lineEnd(int row, long offset) {
        lineEnd[row] = offset;
    }

    public void eventType(int row, byte[] rowEventType) {
        eventType[row] = rowEventType;
    }

    /** How the server answered: status, size and time taken (-1 for unknown). */
    public void response(int row, short rowStatus, long rowBytes, int rowResponseMs) {
        status[row] = rowStatus;
        bytes[row] = rowBytes;
        responseMs[row] = rowResponseMs;
    }

    public void userAgent(int row, byte[] rowUserAgent) {
        userAgent[row] = rowUserAgent;
    }

    /** The client's browser, operating system, device class and country (null for unknown). */
    public void client(int row, byte[] rowBrowser, byte[] rowOs, byte[] rowDevice, byte[] rowCountry) {
        browser[row] = rowBrowser;
        os[row] = rowOs;
        device[row] = rowDevice;
        country[row] = rowCountry;
    }

    /** The utm_source, utm_medium and utm_campaign of the page's address (null for none). */
    public void campaign(int row, byte[] source, byte[] medium, byte[] name) {
        utmSource[row] = source;
        utmMedium[row] = medium;
        utmCampaign[row] = name;
    }

    /** Marks the row as the first page view of its session: an entry page. */
    public void entry(int row) {
        entry[row] = true;
    }

    public void visitor(int row, byte[] rowUser, byte[] rowSession) {
        user[row] = rowUser;
        session[row] = rowSession;
    }

    public boolean isPageView(int i) {
        return eventType[i] == PAGE_VIEW;
    }

    public long bots() {
        return bots(0, size);
    }

    /** Rows in [from, to) a bot rule flagged. */
    public long bots(int from, int to) {
        long bots = 0;
        for (int i = from; i < to; i++) {
            if (botRule[i] != BOT_NONE) {
                bots++;
            }
        }
        return bots;
    }

    /** Whether webtop stores rows at this time: from 1970 to the end of year 9999. */
    public static boolean storable(Instant time) {
        return !time.isBefore(Instant.EPOCH) && !time.isAfter(LATEST);
    }

    /** A time as rows hold it: microseconds since 1970. */
    public static long micros(Instant time) {
        return time.getEpochSecond() * 1_000_000L + time.getNano() / 1000;
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
