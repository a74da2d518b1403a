package dev.webtop.cli;

import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import dev.webtop.report.Period;
import dev.webtop.report.Query;
import dev.webtop.report.Result;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The reports over what outlives raw rows: visitors (visitor_hours), pages (page_hourly) and the
 * breakdowns per hour (hourly_breakdowns), for one domain or all, over any period they keep.
 */
final class ReportBreakdowns {
    private ReportBreakdowns() {
    }

    /** What these reports share: the period (the last 7 days unless said), --domain and --take. */
    abstract static class Kept extends ReportCommand {
        @Mixin
        PeriodOptions period;

        @Option(names = "--domain", paramLabel = "DOMAIN", description = "Only this domain (default: every domain).")
        String domain;

        @Option(names = "--take", paramLabel = "N", defaultValue = "10", description = "How many rows (default: ${DEFAULT-VALUE}).")
        int take;

        Period period() {
            return period(Duration.ofDays(7));
        }

        Period period(Duration usual) {
            if (source != null) {
                throw WebtopException.badInput("--source goes with the reports over raw rows (top, active, current, "
                    + "sessions, bots); this one reads what every source added up");
            }
            return period.period(usual);
        }

        String domain() {
            if (domain == null) {
                return null;
            }
            String name = domain.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c == '/')) {
                throw WebtopException.badInput("--domain takes a host name like example.com, not '" + domain + "'");
            }
            return name;
        }

        /** Runs one breakdown and names its columns: what a value is, and what is counted. */
        int breakdown(String dimension, String figure, String rest, String valueName, String countName) {
            Period p = period();
            Result result = Query.run(target(), "breakdown", p.from().toString(), p.to().toString(), domain(), dimension,
                includeBots, positive(take, "--take"), figure, rest);
            print(result.renamed("value", valueName).renamed("count", countName));
            return ExitCode.OK;
        }
    }

    @Command(name = "visitors", mixinStandardHelpOptions = true,
        description = {"Unique visitors and page views per day (--by hour, day, month or period) over the last 30 days "
            + "unless --since or --from, for one domain or all. Exact: each visitor is kept per domain and hour "
            + "(visitor_hours, retention.visitors, 90 days), so any period in that time counts each visitor once.",
            "A visitor is a user with a request not answered 4xx: for access logs the address and user agent of one "
                + "day (as GoAccess counts), for the tracker script and the collector a daily-salted hash of the same, "
                + "for the events API its user_id."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./webtop report visitors --domain example.com", "  ./webtop report visitors --by month --since 90d --csv",
            "  ./webtop report visitors --by period --from 2026-11-01 --to 2026-12-01"})
    static final class Visitors extends Kept {
        @Option(names = "--by", paramLabel = "UNIT", defaultValue = "day", description = "hour, day, month or period (default: ${DEFAULT-VALUE}).")
        String by;

        @Override
        protected int execute() {
            if (!by.matches("hour|day|month|period")) {
                throw WebtopException.badInput("--by takes hour, day, month or period, not '" + by + "'");
            }
            Period p = period(Duration.ofDays(30));
            if (by.equals("hour") && p.length().compareTo(Duration.ofDays(31)) > 0) {
                throw WebtopException.badInput("--by hour covers at most 31 days; choose --by day for longer periods");
            }
            print(Query.run(target(), "visitors", p.from().toString(), p.to().toString(), domain(), includeBots, by));
            return ExitCode.OK;
        }
    }

    @Command(name = "pages", mixinStandardHelpOptions = true,
        description = "The most viewed pages and their share of page views (page views per hour, kept retention.page_hourly).")
    static final class Pages extends Kept {
        @Override
        protected int execute() {
            Period p = period();
            print(Query.run(target(), "pages", p.from().toString(), p.to().toString(), domain(), includeBots,
                positive(take, "--take")));
            return ExitCode.OK;
        }
    }

    @Command(name = "entries", mixinStandardHelpOptions = true,
        description = "Entry pages: the first page view of each session, counted per page.")
    static final class Entries extends Kept {
        @Override
        protected int execute() {
            return breakdown("entry", "views", null, "page", "entries");
        }
    }

    @Command(name = "referrers", mixinStandardHelpOptions = true,
        description = {"Where page views came from: the referring host, with search engines and social sites named "
            + "(Google, Bing, DuckDuckGo, Facebook, X (Twitter), Reddit, ...).",
            "(direct / none) counts page views without a referrer or from the site itself."})
    static final class Referrers extends Kept {
        @Override
        protected int execute() {
            return breakdown("referrer", "views", "(direct / none)", "referrer", "page_views");
        }
    }

    @Command(name = "campaigns", mixinStandardHelpOptions = true,
        description = "Page views per UTM tag of the page's address: utm_campaign (--tag source or medium for the others).")
    static final class Campaigns extends Kept {
        @Option(names = "--tag", paramLabel = "TAG", defaultValue = "campaign", description = "campaign, source or medium (default: ${DEFAULT-VALUE}).")
        String tag;

        @Override
        protected int execute() {
            if (!tag.matches("campaign|source|medium")) {
                throw WebtopException.badInput("--tag takes campaign, source or medium, not '" + tag + "'");
            }
            return breakdown("utm_" + tag, "views", null, "utm_" + tag, "page_views");
        }
    }

    @Command(name = "statuses", mixinStandardHelpOptions = true,
        description = "Requests per HTTP status code (every request, not only page views).")
    static final class Statuses extends Kept {
        @Override
        protected int execute() {
            return breakdown("status", "hits", null, "status", "requests");
        }
    }

    @Command(name = "not-found", mixinStandardHelpOptions = true, description = "The paths that answered 404, by requests.")
    static final class NotFound extends Kept {
        @Override
        protected int execute() {
            return breakdown("not_found", "hits", null, "path", "requests");
        }
    }

    @Command(name = "browsers", mixinStandardHelpOptions = true,
        description = "Page views per browser, read from the user agent (uap-java); (unknown) when it says none.")
    static final class Browsers extends Kept {
        @Override
        protected int execute() {
            return breakdown("browser", "views", "(unknown)", "browser", "page_views");
        }
    }

    @Command(name = "systems", mixinStandardHelpOptions = true, description = "Page views per operating system, read from the user agent.")
    static final class Systems extends Kept {
        @Override
        protected int execute() {
            return breakdown("os", "views", "(unknown)", "system", "page_views");
        }
    }

    @Command(name = "devices", mixinStandardHelpOptions = true,
        description = "Page views per device class read from the user agent: desktop, mobile, tablet or bot.")
    static final class Devices extends Kept {
        @Override
        protected int execute() {
            return breakdown("device", "views", "(unknown)", "device", "page_views");
        }
    }

    @Command(name = "countries", mixinStandardHelpOptions = true,
        description = "Page views per country of the client's address, from Debian's tor-geoipdb tables "
            + "(apt-get install tor-geoipdb); (unknown) without them, or for addresses they do not list.")
    static final class Countries extends Kept {
        @Override
        protected int execute() {
            return breakdown("country", "views", "(unknown)", "country", "page_views");
        }
    }
}
