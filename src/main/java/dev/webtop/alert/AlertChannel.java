package dev.webtop.alert;

import dev.webtop.base.WebtopException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where alerts go: a generic webhook (webtop's versioned JSON, signed when a secret is set), a
 * Slack-compatible incoming webhook, or e-mail over SMTP. The secret (the webhook's signing key
 * or the SMTP password) is never printed; neither is a Slack URL's path, which is a secret too.
 *
 * @param settings for e-mail: from, to (comma-separated) and starttls (required or if-offered)
 */
public record AlertChannel(String name, Kind kind, String url, String secret, Map<String, String> settings) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

    public enum Kind {
        WEBHOOK, SLACK, EMAIL;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind of(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    public AlertChannel {
        settings = Map.copyOf(settings);
    }

    public static AlertChannel webhook(String name, String url, String secret) {
        return new AlertChannel(checkName(name), Kind.WEBHOOK, httpUrl("--webhook", url), secret, Map.of());
    }

    public static AlertChannel slack(String name, String url) {
        return new AlertChannel(checkName(name), Kind.SLACK, httpUrl("--slack", url), null, Map.of());
    }

    /**
     * E-mail through an SMTP server, smtp://[user@]host[:port] (STARTTLS, required unless the
     * server is on this machine) or smtps://… (TLS from the start).
     */
    public static AlertChannel email(String name, String smtpUrl, String from, String to, String password) {
        URI uri = uri("--smtp", smtpUrl);
        if (!"smtp".equals(uri.getScheme()) && !"smtps".equals(uri.getScheme()) || uri.getHost() == null) {
            throw WebtopException.badInput("--smtp must look like smtp://[user@]host[:port] or "
                + "smtps://[user@]host[:port]");
        }
        if (uri.getRawUserInfo() != null && uri.getRawUserInfo().contains(":")) {
            throw WebtopException.badInput("--smtp holds a password: name only the user (smtp://user@host:587) and "
                + "put the password in --password-file");
        }
        addresses("--from", from);
        addresses("--email", to);
        String starttls = "smtps".equals(uri.getScheme()) || loopback(uri.getHost()) ? "if-offered" : "required";
        return new AlertChannel(checkName(name), Kind.EMAIL, uri.toString(), password,
            Map.of("from", from, "to", to, "starttls", starttls));
    }

    /**
     * The URL as lists show it: a webhook's host only (paths of Slack's and many others' hold
     * their secret), an SMTP server's with its user but never a password.
     */
    public String shownUrl() {
        URI uri = URI.create(url);
        String server = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        if (kind != Kind.EMAIL) {
            return server + "/…";
        }
        String user = uri.getUserInfo() == null ? "" : uri.getUserInfo().split(":", 2)[0] + "@";
        return settings.get("to") + " via " + server.replace("://", "://" + user);
    }

    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw WebtopException.badInput("a channel name is lowercase letters, digits, '.', '_' and '-', "
                + "at most 63, like ops or team-mail; not '" + name + "'");
        }
        return name;
    }

    private static String httpUrl(String option, String url) {
        URI uri = uri(option, url);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw WebtopException.badInput(option + " must be an http:// or https:// URL, not '" + url + "'");
        }
        return uri.toString();
    }

    private static URI uri(String option, String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException | NullPointerException e) {
            throw WebtopException.badInput(option + " is not a URL: '" + text + "'");
        }
    }

    private static void addresses(String option, String list) {
        try {
            if (list == null || InternetAddress.parse(list, true).length == 0) {
                throw new AddressException("none given");
            }
        } catch (AddressException e) {
            throw WebtopException.badInput(option + " must be e-mail addresses separated by commas, like "
                + "ops@example.com; '" + list + "' is not (" + e.getMessage() + ")");
        }
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
