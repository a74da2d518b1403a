package dev.webtop.ingest;

import dev.webtop.base.WebtopException;
import dev.webtop.config.DomainNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How `ingest access-log` reads: the format, the domain when the lines carry none, what to keep,
 * whether to follow, whether to start over at the first line, where rejected lines go, rows per commit, and the share of rejected lines
 * above which the run reports a problem.
 */
public record AccessLogOptions(AccessLogFormat format, String domain, boolean keepIp, boolean follow,
                               boolean fromStart, Path rejects, int batchSize, double maxRejectRatio) {

    /** --format NAME, or --log-format STRING when given (which describes the lines itself). */
    public static AccessLogFormat format(String name, String logFormat) {
        return logFormat != null ? AccessLogFormat.custom(logFormat) : AccessLogFormat.of(name);
    }

    /** Checks the options against the files, before anything is read or connected (exit 2). */
    public void check(List<Path> paths) {
        if (follow && paths.size() != 1) {
            throw WebtopException.badInput("--follow reads one file: give one PATH");
        }
        if (!(maxRejectRatio >= 0 && maxRejectRatio <= 1)) {
            throw WebtopException.badInput("--max-reject-ratio must be from 0 to 1, like 0.1");
        }
        if (domain != null && !DomainNames.isValid(domain)) {
            throw WebtopException.badInput("--domain '" + domain + "' is not a domain name; use one like example.com");
        }
        for (Path path : paths) {
            if (Files.isDirectory(path) || !follow && !Files.isReadable(path)) {
                throw WebtopException.badInput(path + (Files.isDirectory(path) ? " is a folder" : " cannot be read")
                    + "; give access log files" + (follow ? "" : " (--follow waits for one that is not there yet)"));
            }
        }
        if (rejects != null && !Files.isWritable(rejects.toAbsolutePath().getParent())) {
            throw WebtopException.badInput("--rejects " + rejects + ": its folder does not exist or is not writable");
        }
        if (domain == null && !format.has("host") && !format.isJson()) {
            throw WebtopException.badInput("the " + format.name + " format has no virtual host: "
                + "give the site's name with --domain example.com");
        }
    }
}
