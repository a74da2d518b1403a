package dev.webtop.traffic;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a visitor came from: the host of the referring page, named when it is a search engine or
 * a social site people know ("Google" for every google.* host), and nothing for a page of the
 * site itself or no referrer at all (reports count those as direct). Answers are cached.
 */
final class Referrers {
    private record Known(Pattern host, String name) {
    }

    // host patterns, matched against the host without "www." and "m."
    private static final List<Known> KNOWN = List.of(
        known("(.+\\.)?google(\\.[a-z]{2,3})?\\.[a-z]{2,3}", "Google"),
        known("(.+\\.)?bing\\.com", "Bing"),
        known("(.+\\.)?duckduckgo\\.com", "DuckDuckGo"),
        known("(.+\\.)?yahoo\\.(com|co\\.jp|[a-z]{2})", "Yahoo"),
        known("(.+\\.)?(yandex\\.[a-z.]+|ya\\.ru)", "Yandex"),
        known("(.+\\.)?baidu\\.com", "Baidu"),
        known("(.+\\.)?ecosia\\.org", "Ecosia"),
        known("search\\.brave\\.com", "Brave Search"),
        known("(.+\\.)?startpage\\.com", "Startpage"),
        known("(.+\\.)?qwant\\.com", "Qwant"),
        known("(.+\\.)?kagi\\.com", "Kagi"),
        known("(.+\\.)?(facebook\\.com|fb\\.com|fb\\.me)", "Facebook"),
        known("(t\\.co|(.+\\.)?twitter\\.com|x\\.com)", "X (Twitter)"),
        known("(.+\\.)?(linkedin\\.com|lnkd\\.in)", "LinkedIn"),
        known("(.+\\.)?reddit\\.com", "Reddit"),
        known("news\\.ycombinator\\.com", "Hacker News"),
        known("(.+\\.)?instagram\\.com", "Instagram"),
        known("(.+\\.)?(youtube\\.com|youtu\\.be)", "YouTube"),
        known("(.+\\.)?pinterest\\.[a-z.]+", "Pinterest"),
        known("(.+\\.)?tiktok\\.com", "TikTok"),
        known("bsky\\.app", "Bluesky"),
        known("(.+\\.)?github\\.com", "GitHub"),
        known("(chatgpt\\.com|chat\\.openai\\.com)", "ChatGPT"),
        known("(.+\\.)?perplexity\\.ai", "Perplexity"));

    private static final int CACHED = 20_000;
    // writers intern referrers and domains, so the caches are keyed by the arrays themselves
    private final Map<byte[], String> hosts = new IdentityHashMap<>();
    private final Map<byte[], String> sites = new IdentityHashMap<>();
    private final Map<String, String> names = new HashMap<>();

    /** The name or host that referred a request to the domain, or null for direct and internal. */
    String of(byte[] referrer, byte[] domain) {
        if (referrer == null || referrer.length == 0) {
            return null;
        }
        if (hosts.size() > CACHED) {
            hosts.clear();
            sites.clear();
            names.clear();
        }
        String host = hosts.computeIfAbsent(referrer, url -> host(new String(url, StandardCharsets.UTF_8)));
        if (host.isEmpty()) {
            return null;
        }
        String site = sites.computeIfAbsent(domain, name -> bare(new String(name, StandardCharsets.UTF_8)));
        boolean internal = host.endsWith(site)
            && (host.length() == site.length() || host.charAt(host.length() - site.length() - 1) == '.');
        return internal ? null : names.computeIfAbsent(host, Referrers::name);
    }

    /** The host of a URL without "www." and "m.", lower case; empty when it has none. */
    static String host(String url) {
        String host;
        try {
            host = URI.create(url.strip().replace(" ", "%20")).getHost();
        } catch (IllegalArgumentException e) {
            return "";
        }
        if (host == null || host.isEmpty()) {
            return "";
        }
        return bare(host.toLowerCase(Locale.ROOT));
    }

    /** A search engine's or social site's name for its host, or the host itself. */
    static String name(String host) {
        for (Known known : KNOWN) {
            if (known.host().matcher(host).matches()) {
                return known.name();
            }
        }
        return host;
    }

    private static String bare(String host) {
        if (host.startsWith("www.")) {
            return host.substring(4);
        }
        return host.startsWith("m.") ? host.substring(2) : host;
    }

    private static Known known(String host, String name) {
        return new Known(Pattern.compile(host), name);
    }
}
