package dev.webtop.traffic;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import ua_parser.Client;
import ua_parser.Parser;

/**
 * Browser, operating system and device class of a user agent, read with uap-java (the regexes of
 * the ua-parser project). Parsing costs about a millisecond, and a log repeats a few thousand
 * agents, so answers are cached; the parser (0.2 s to load) is loaded once per process. Device classes are
 * webtop's own reading of uap's answer: bot, tablet, mobile or desktop (null when it cannot tell).
 */
final class UserAgents {
    /** What one agent says; null fields are unknown. */
    record Agent(byte[] browser, byte[] os, byte[] device) {
    }

    private static final Agent UNKNOWN = new Agent(null, null, null);
    private static final int CACHED = 20_000;
    private static final byte[] BOT = LogBatch.utf8("bot");
    private static final byte[] TABLET = LogBatch.utf8("tablet");
    private static final byte[] MOBILE = LogBatch.utf8("mobile");
    private static final byte[] DESKTOP = LogBatch.utf8("desktop");
    private static Parser parser;

    private final Map<String, Agent> cache = new HashMap<>();
    private final Map<String, byte[]> names = new HashMap<>();

    Agent of(String agent) {
        if (agent == null || agent.isBlank() || agent.equals("-")) {
            return UNKNOWN;
        }
        Agent known = cache.get(agent);
        if (known == null) {
            if (cache.size() >= CACHED) {
                cache.clear();
            }
            known = parse(agent);
            cache.put(agent, known);
        }
        return known;
    }

    private Agent parse(String agent) {
        Client client = parser().parse(agent);
        String browser = known(client.userAgent.family);
        String os = known(client.os.family);
        return new Agent(name(browser), name(os), deviceClass(agent, os, client.device.family));
    }

    private static byte[] deviceClass(String agent, String os, String device) {
        String lower = agent.toLowerCase(Locale.ROOT);
        if ("Spider".equals(device)) {
            return BOT;
        }
        if (device.contains("iPad") || device.contains("Kindle") || lower.contains("tablet")
            || ("Android".equals(os) && !lower.contains("mobile"))) {
            return TABLET;
        }
        if ("iOS".equals(os) || "Android".equals(os) || lower.contains("mobile") || device.contains("iPhone")) {
            return MOBILE;
        }
        if (os != null && !os.equals("Other")) {
            return DESKTOP;
        }
        return null;
    }

    private static String known(String family) {
        return family == null || family.equals("Other") ? null : family;
    }

    private byte[] name(String text) {
        return text == null ? null : names.computeIfAbsent(text, LogBatch::utf8);
    }

    /** Loads the parser on a thread of its own, so that a writer's first agent need not wait as long. */
    static void loadSoon() {
        Thread loader = new Thread(UserAgents::parser, "webtop-user-agents");
        loader.setDaemon(true);
        loader.start();
    }

    private static synchronized Parser parser() {
        if (parser == null) {
            parser = new Parser();
        }
        return parser;
    }
}
