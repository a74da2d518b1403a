package dev.webtop.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Named SQL kept as files beside the classes that run it, read once and cached. */
public final class SqlResources {
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private SqlResources() {
    }

    /** The text of `path`, relative to `owner`'s package. */
    public static String load(Class<?> owner, String path) {
        return CACHE.computeIfAbsent(owner.getPackageName() + "/" + path, key -> read(owner, path));
    }

    private static String read(Class<?> owner, String path) {
        try (InputStream in = owner.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no SQL resource " + path + " beside " + owner.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
