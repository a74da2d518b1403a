package dev.webtop.alert;

import dev.webtop.base.WebtopException;
import dev.webtop.config.DomainNames;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import okhttp3.HttpUrl;

/** Probe targets and domains as alerts name them: written the way probes and writers store them. */
public final class Subjects {
    private Subjects() {
    }

    /** A probe target's URL as probe_state holds it (https://example.com becomes https://example.com/). */
    public static String target(String url) {
        if (url == null) {
            return null;
        }
        HttpUrl parsed = HttpUrl.parse(url.strip());
        if (parsed == null || !(url.strip().startsWith("http://") || url.strip().startsWith("https://"))) {
            throw WebtopException.badInput("--target must be an http:// or https:// URL as `webtop probe` checks it, "
                + "not '" + url + "'");
        }
        return parsed.toString();
    }

    /** An access log as ingest keeps its place in it: its absolute, normalised path. */
    public static String source(String path) {
        if (path == null) {
            return null;
        }
        try {
            return Path.of(path.strip()).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            throw WebtopException.badInput("--source must be a file's path, not '" + path + "'");
        }
    }

    public static String domain(String name) {
        if (name == null) {
            return null;
        }
        String lower = name.strip().toLowerCase(Locale.ROOT);
        if (!DomainNames.isValid(lower)) {
            throw WebtopException.badInput("--domain must be a domain name like example.com, not '" + name + "'");
        }
        return lower;
    }
}
