package dev.webtop.config;

import dev.webtop.base.WebtopException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One PostgreSQL database to connect to. Accepts libpq-style URLs (`postgresql://` or
 * `postgres://`) and JDBC ones (`jdbc:postgresql://`); extra query parameters such as
 * `sslmode` are passed to the driver. The password never appears in {@link #maskedUrl()} or
 * {@link #toString()}.
 */
public record DbTarget(String host, int port, String database, String user, String password,
                       Map<String, String> params) {

    public static final int DEFAULT_PORT = 5432;
    private static final String MASK = "****";

    public DbTarget {
        params = Map.copyOf(params);
    }

    public DbTarget(String host, int port, String database, String user, String password) {
        this(host, port, database, user, password, Map.of());
    }

    /**
     * Parses a URL; parts it does not name come from the fallbacks (as libpq fills them from
     * PGUSER, PGPASSWORD and PGDATABASE).
     */
    public static DbTarget parse(String url, String fallbackUser, String fallbackPassword,
                                 String fallbackDatabase) {
        String text = url.strip();
        if (text.startsWith("jdbc:")) {
            text = text.substring("jdbc:".length());
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw badUrl(url);
        }
        String scheme = uri.getScheme();
        if (!"postgresql".equals(scheme) && !"postgres".equals(scheme)) {
            throw badUrl(url);
        }
        if (uri.getRawAuthority() == null || uri.getHost() == null) {
            throw badUrl(url);
        }
        Map<String, String> params = queryParams(uri.getRawQuery());
        String user = fallbackUser;
        String password = fallbackPassword;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            if (colon >= 0) {
                password = decode(userInfo.substring(colon + 1));
            }
        }
        user = params.containsKey("user") ? params.remove("user") : user;
        password = params.containsKey("password") ? params.remove("password") : password;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = path.length() > 1 ? decode(path.substring(1)) : fallbackDatabase;
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        if (port < 1 || port > 65535) {
            throw WebtopException.badInput("database URL '" + masked(url) + "' has port " + port + "; use 1 to 65535");
        }
        return new DbTarget(uri.getHost(), port, database, user, password, params);
    }

    public String jdbcUrl() {
        String query = params.isEmpty() ? "" : "?" + params.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        return "jdbc:postgresql://" + hostForUrl() + ":" + port + "/" + database + query;
    }

    /** The URL as users write it, with the password replaced by asterisks. */
    public String maskedUrl() {
        String credentials = user == null ? "" : user + (password == null ? "" : ":" + MASK) + "@";
        String query = params.isEmpty() ? "" : "?" + params.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        return "postgresql://" + credentials + hostForUrl() + ":" + port + "/" + database + query;
    }

    public DbTarget withDatabase(String otherDatabase) {
        return new DbTarget(host, port, otherDatabase, user, password, params);
    }

    @Override
    public String toString() {
        return maskedUrl();
    }

    private String hostForUrl() {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static Map<String, String> queryParams(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return params;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String masked(String url) {
        return url.replaceAll("(//[^:/@]*:)[^@]*@", "$1" + MASK + "@");
    }

    private static WebtopException badUrl(String url) {
        return WebtopException.badInput("database URL '" + masked(url)
            + "' is not valid; use postgresql://user:password@host:port/database");
    }
}
