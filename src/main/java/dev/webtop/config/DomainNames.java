package dev.webtop.config;

import java.util.regex.Pattern;

/** What webtop accepts as a domain name: lower-case labels and a top-level name, like example.com. */
public final class DomainNames {
    /** The expression, without groups that capture, for use inside larger ones. */
    public static final String REGEX = "(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}";
    private static final Pattern NAME = Pattern.compile(REGEX);

    private DomainNames() {
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
