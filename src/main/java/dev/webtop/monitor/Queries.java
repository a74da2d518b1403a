package dev.webtop.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The dashboard's SQL, kept as named files beside this class (queries/NAME.sql). */
final class Queries {
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private Queries() {
    }

    static String get(String name) {
        return CACHE.computeIfAbsent(name, Queries::load);
    }

    private static String load(String name) {
        try (InputStream in = Queries.class.getResourceAsStream("queries/" + name + ".sql")) {
            if (in == null) {
                throw new IllegalStateException("no query named " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
