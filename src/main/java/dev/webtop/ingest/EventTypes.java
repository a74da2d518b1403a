package dev.webtop.ingest;

import dev.webtop.traffic.LogBatch;
import java.util.regex.Pattern;

/**
 * What a logged request was, as logs.event_type: a page view (a GET or HEAD answered 2xx or 304
 * for a page, not a static file), an asset, a redirect, an error or something other. Each type
 * is one shared array, so counting them needs no string per line.
 */
final class EventTypes {
    static final byte[] ASSET = LogBatch.utf8("asset");
    static final byte[] ERROR = LogBatch.utf8("error");
    static final byte[] REDIRECT = LogBatch.utf8("redirect");
    static final byte[] OTHER = LogBatch.utf8("other");
    private static final Pattern STATIC = Pattern.compile(
        "(?i).*\\.(css|js|mjs|map|png|jpe?g|gif|svg|ico|webp|avif|bmp|woff2?|ttf|otf|eot|mp4|webm|mp3|ogg|wav|pdf|zip|gz|txt|xml|json)$");

    private EventTypes() {
    }

    static byte[] of(AccessLogParser.Line line) {
        if (line.status() >= 400) {
            return ERROR;
        }
        if (!line.method().equals("GET") && !line.method().equals("HEAD")) {
            return OTHER;
        }
        if (STATIC.matcher(line.path()).matches()) {
            return ASSET;
        }
        if (line.status() >= 300 && line.status() != 304) {
            return REDIRECT;
        }
        return LogBatch.PAGE_VIEW;
    }
}
