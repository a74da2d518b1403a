package dev.webtop.config;

import dev.webtop.base.WebtopException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where the database comes from; when not forced, the first that can serve wins, in this order. */
public enum RuntimeKind {
    EXTERNAL, COMPOSE, LOCAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static String accepted() {
        return Arrays.stream(values()).map(RuntimeKind::label).collect(Collectors.joining(", "));
    }

    public static Optional<RuntimeKind> fromLabel(String value) {
        return Arrays.stream(values()).filter(k -> k.label().equalsIgnoreCase(value.strip()))
            .findFirst();
    }

    static RuntimeKind parse(String value, String source) {
        return fromLabel(value).orElseThrow(() -> WebtopException.badInput(
            source + " '" + value + "' is not a runtime; use one of: " + accepted()));
    }
}
