package dev.webtop.ingest;

import dev.webtop.base.WebtopException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A web server access-log line format as a regular expression with named fields: the presets
 * combined, common and vcombined, or one compiled from an nginx `log_format` string ($variables)
 * or an Apache `LogFormat` string (%directives). Fields: host, ip, time, request, method, path,
 * status, bytes, referrer, agent. JSON lines are read by AccessLogParser itself.
 */
public final class AccessLogFormat {
    public static final String JSON = "json";
    private static final String QUOTED = "((?:[^\"\\\\]|\\\\.)*)";

    final String name;
    final Pattern pattern;
    final List<String> fields;

    private AccessLogFormat(String name, Pattern pattern, List<String> fields) {
        this.name = name;
        this.pattern = pattern;
        this.fields = fields;
    }

    /** combined, common, vcombined, json, or a custom format string. */
    public static AccessLogFormat of(String format) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "combined" -> apache("combined", "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"");
            case "common" -> apache("common", "%h %l %u %t \"%r\" %>s %b");
            case "vcombined" -> apache("vcombined", "%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"");
            case JSON -> new AccessLogFormat(JSON, null, List.of());
            default -> format.contains("$") || format.contains("%") ? custom(format) : bad(format);
        };
    }

    /** A --log-format string: nginx's log_format ($variables) or Apache's LogFormat (%directives). */
    public static AccessLogFormat custom(String format) {
        AccessLogFormat custom = format.contains("$") ? nginx(format) : format.contains("%") ? apache("custom", format) : null;
        if (custom == null || !custom.has("time") || !(custom.has("request") || custom.has("path"))) {
            throw WebtopException.badInput("--log-format '" + format + "' needs at least a time and a request, "
                + "like '$remote_addr [$time_local] \"$request\" $status' or '%h %t \"%r\" %>s'");
        }
        return custom;
    }

    private static AccessLogFormat bad(String format) {
        throw WebtopException.badInput("--format '" + format + "' is not combined, common, vcombined or json; "
            + "give a custom one with --log-format, like '$remote_addr [$time_local] \"$request\" $status'");
    }

    boolean isJson() {
        return pattern == null;
    }

    boolean has(String field) {
        return fields.contains(field);
    }

    /** An Apache LogFormat string: %h %l %u %t "%r" %>s %b %O %v %V %p %{Header}i ... */
    static AccessLogFormat apache(String name, String format) {
        StringBuilder regex = new StringBuilder("^");
        List<String> fields = new ArrayList<>();
        Matcher m = Pattern.compile("%(?:[<>!0-9,]*)(?:\\{([^}]*)\\})?([a-zA-Z%])").matcher(format);
        int last = 0;
        while (m.find()) {
            regex.append(literal(format.substring(last, m.start())));
            String argument = m.group(1) == null ? "" : m.group(1).toLowerCase(Locale.ROOT);
            boolean quoted = m.start() > 0 && format.charAt(m.start() - 1) == '"';
            regex.append(switch (m.group(2)) {
                case "h", "a" -> field(fields, "ip", "\\S+");
                case "t" -> "\\[" + field(fields, "time", "[^\\]]+") + "\\]";
                case "r" -> field(fields, "request", quoted ? QUOTED : "\\S+ \\S+ \\S+");
                case "s" -> field(fields, "status", "\\d{3}");
                case "b", "B", "O" -> field(fields, "bytes", "-|\\d+");
                case "v", "V" -> field(fields, "host", "[^\\s:]+");
                case "i" -> switch (argument) {
                    case "referer", "referrer" -> field(fields, "referrer", QUOTED);
                    case "user-agent" -> field(fields, "agent", QUOTED);
                    case "host" -> field(fields, "host", quoted ? QUOTED : "\\S+");
                    default -> quoted ? QUOTED.replace("(", "(?:") : "\\S+";
                };
                case "%" -> "%";
                default -> quoted ? "(?:[^\"]*)" : "\\S+";
            });
            last = m.end();
        }
        regex.append(literal(format.substring(last))).append("$");
        return new AccessLogFormat(name, Pattern.compile(regex.toString()), fields);
    }

    /** An nginx log_format string: $remote_addr - $remote_user [$time_local] "$request" ... */
    static AccessLogFormat nginx(String format) {
        StringBuilder regex = new StringBuilder("^");
        List<String> fields = new ArrayList<>();
        Matcher m = Pattern.compile("\\$\\{?([a-z0-9_]+)\\}?").matcher(format);
        int last = 0;
        while (m.find()) {
            regex.append(literal(format.substring(last, m.start())));
            boolean quoted = m.start() > 0 && format.charAt(m.start() - 1) == '"';
            String any = quoted ? QUOTED.replace("(", "(?:") : "\\S+";
            regex.append(switch (m.group(1)) {
                case "remote_addr", "binary_remote_addr", "http_x_forwarded_for" -> field(fields, "ip", quoted ? QUOTED : "\\S+");
                case "time_local" -> field(fields, "time", "[^\\]]+");
                case "time_iso8601" -> field(fields, "time", "\\S+");
                case "request" -> field(fields, "request", quoted ? QUOTED : "\\S+ \\S+ \\S+");
                case "request_method" -> field(fields, "method", "[A-Z]+");
                case "request_uri", "uri" -> field(fields, "path", "\\S+");
                case "status" -> field(fields, "status", "\\d{3}");
                case "body_bytes_sent", "bytes_sent" -> field(fields, "bytes", "-|\\d+");
                case "http_referer" -> field(fields, "referrer", quoted ? QUOTED : "\\S+");
                case "http_user_agent" -> field(fields, "agent", quoted ? QUOTED : "\\S+");
                case "host", "server_name", "http_host" -> field(fields, "host", "[^\\s:\"]+");
                default -> any;
            });
            last = m.end();
        }
        regex.append(literal(format.substring(last))).append("$");
        return new AccessLogFormat("custom", Pattern.compile(regex.toString()), fields);
    }

    /** A named group for the field's first appearance; later ones match without capturing. */
    private static String field(List<String> fields, String name, String regex) {
        String inner = regex.replace("(", "(?:").replace("(?:?:", "(?:");   // no nested captures
        if (fields.contains(name)) {
            return "(?:" + inner + ")";
        }
        fields.add(name);
        return "(?<" + name + ">" + inner + ")";
    }

    private static String literal(String text) {
        return text.isEmpty() ? "" : Pattern.quote(text);
    }
}
