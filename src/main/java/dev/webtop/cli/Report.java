package dev.webtop.cli;

import dev.webtop.base.ExitCode;
import dev.webtop.base.Json;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.report.HourlyReport;
import dev.webtop.report.Period;
import dev.webtop.report.Query;
import dev.webtop.report.Result;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `webtop report ...`: analytics over the traffic, each a table, --json or --csv. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Analytics over the page views: bots are left out unless --include-bots.",
        "Definitions: a page view is an event of type page_view; an active user has one in the last "
            + "5 minutes; a session ends after 30 minutes without an event; a bot has more than 10 page "
            + "views in one second, or a crawler's user agent."},
    subcommands = {Report.Hourly.class, Report.Top.class, Report.Active.class, Report.Sessions.class, Report.Current.class,
        Report.Bots.class, ReportBreakdowns.Visitors.class, ReportBreakdowns.Pages.class, ReportBreakdowns.Entries.class,
        ReportBreakdowns.Referrers.class, ReportBreakdowns.Campaigns.class, ReportBreakdowns.Statuses.class,
        ReportBreakdowns.NotFound.class, ReportBreakdowns.Browsers.class, ReportBreakdowns.Systems.class,
        ReportBreakdowns.Devices.class, ReportBreakdowns.Countries.class, ReportGoals.class},
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop report hourly --page /home --order desc --take 3",
        "  ./webtop report top --since 1h --take 5",
        "  ./webtop report current --alert-above 1000 || mail -s 'traffic spike' ops@example.com"})
public final class Report implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a report: hourly, top, active, sessions, current, bots, visitors, "
            + "pages, entries, referrers, campaigns, statuses, not-found, browsers, systems, devices, countries or goals");
    }

    @Command(name = "hourly", mixinStandardHelpOptions = true,
        description = {"Page views of one page per hour (a page-views service's hourly report): h is the hour (UTC), "
            + "v the views, an hour without views 0. Hours are whole, :00 to :59: the 24 ending with the hour that "
            + "holds --now (default: now; that hour included, still filling), or with --from/--to every hour from "
            + "the one holding --from to the last one starting before --to.",
            "--page is domain/path (example.com/home) or a path on every domain (/home)."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./webtop report hourly --page example.com/home",
            "  ./webtop report hourly --page /home --order desc --take 3 --json"})
    static final class Hourly extends ReportCommand {
        @Option(names = "--page", required = true, paramLabel = "PAGE", description = "domain/path, or /path on every domain.")
        String page;

        @Option(names = "--now", paramLabel = "TIME", description = "A time in the last hour (default: now), like 2025-07-16T12:00:00Z.")
        String now;

        @Option(names = "--from", paramLabel = "TIME", description = "The first hour instead: a date or a time with a zone, like 2025-07-16.")
        String from;

        @Option(names = "--to", paramLabel = "TIME", description = "With --from, where the hours end (default: now).")
        String to;

        @Option(names = "--order", paramLabel = "asc|desc", defaultValue = "asc", description = "Oldest or newest hour first (default: ${DEFAULT-VALUE}).")
        String order;

        @Option(names = "--take", paramLabel = "N", description = "Only the first N hours (in that order).")
        Integer take;

        @Override
        protected int execute() {
            HourlyReport report = HourlyReport.of(page, now, from, to, order, take);
            if (source != null) {
                throw WebtopException.badInput("--source goes with the reports over raw rows (top, active, current, "
                    + "sessions, bots); hourly reads page_hourly, which counts every source");
            }
            Result hours = report.read(target(), includeBots);
            if (output.json) {
                out().println(Json.write(report.json(hours)));
            } else {
                print(hours);
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "top", mixinStandardHelpOptions = true,
        description = "The most viewed pages and domains over a period (the last hour unless --since or --from), "
            + "with their distinct users, from the raw rows (kept retention.raw).",
        footerHeading = "%nExamples:%n",
        footer = {"  ./webtop report top", "  ./webtop report top --since 15m --take 10 --csv",
            "  ./webtop report top --from 2026-11-27T09:00:00Z --to 2026-11-27T10:00:00Z"})
    static final class Top extends ReportCommand {
        @Mixin
        PeriodOptions period;

        @Option(names = "--take", paramLabel = "N", defaultValue = "5", description = "How many pages and domains (default: ${DEFAULT-VALUE}).")
        int take;

        @Override
        protected int execute() {
            Period p = period.period(Duration.ofHours(1));
            print(Query.run(target(), "top", p.from().toString(), p.to().toString(), includeBots, positive(take, "--take"),
                source()));
            return ExitCode.OK;
        }
    }

    @Command(name = "active", mixinStandardHelpOptions = true,
        description = "Active users: distinct users with a page view in the last 5 minutes (--window).",
        footerHeading = "%nExamples:%n",
        footer = {"  ./webtop report active", "  ./webtop report active --window 15m --json"})
    static final class Active extends ReportCommand {
        @Option(names = "--window", paramLabel = "DURATION", defaultValue = "5m", description = "How far back a page view counts (default: ${DEFAULT-VALUE}).")
        String window;

        @Override
        protected int execute() {
            Result result = Query.run(target(), "active", interval(window, "--window"), includeBots, source(), source());
            if (verbose()) {
                err().println("active users: distinct user_id with a page_view in the last " + window
                    + (includeBots ? ", bots included" : ", bots left out") + " (Plausible's and Umami's definition)");
            }
            print(result);
            return ExitCode.OK;
        }
    }

    @Command(name = "sessions", mixinStandardHelpOptions = true,
        description = {"The active session of each user with an event in the last 30 minutes: when it started, its "
            + "events and page views, its last event. A session is the user's run of events without a gap of more "
            + "than 30 minutes, whichever writer, run or source stored them, found in the raw rows "
            + "(kept retention.raw). With --user, that user's sessions: start, last event, events, page views "
            + "and the pages in order."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./webtop report sessions --take 20", "  ./webtop report sessions --user u42"})
    static final class Sessions extends ReportCommand {
        @Option(names = "--user", paramLabel = "USER", description = "One user's session timeline.")
        String user;

        @Option(names = "--take", paramLabel = "N", defaultValue = "20", description = "How many users (default: ${DEFAULT-VALUE}).")
        int take;

        @Override
        protected int execute() {
            DbTarget target = target();
            print(user == null ? Query.run(target, "sessions", includeBots, source(), positive(take, "--take"))
                : Query.run(target, "session_timeline", user));
            return ExitCode.OK;
        }
    }

    @Command(name = "current", mixinStandardHelpOptions = true,
        description = {"Visitors now (distinct users with a page view in the last 5 minutes), in all and per domain.",
            "With --alert-above N it exits 1 when there are more than N: for cron."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./webtop report current", "  */5 * * * * ./webtop report current --alert-above 5000 || notify"})
    static final class Current extends ReportCommand {
        @Option(names = "--alert-above", paramLabel = "N", description = "Exit 1 when more than N visitors are on.")
        Long alertAbove;

        @Option(names = "--take", paramLabel = "N", defaultValue = "10", description = "How many domains (default: ${DEFAULT-VALUE}).")
        int take;

        @Override
        protected int execute() {
            if (alertAbove != null && alertAbove < 0) {
                throw WebtopException.badInput("--alert-above cannot be negative");
            }
            Result result = Query.run(target(), "current", includeBots, source(), source(), positive(take, "--take"));
            print(result);
            long visitors = result.rows().isEmpty() ? 0 : (Long) result.value(0, "visitors");
            if (alertAbove != null && visitors > alertAbove) {
                err().printf(Locale.ROOT, "webtop: %d visitors now, above %d%n", visitors, alertAbove);
                return ExitCode.PROBLEM_FOUND;
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "bots", mixinStandardHelpOptions = true,
        description = "Bot rows per rule that flagged them (rate: more than 10 page views by a user in one second; "
            + "user_agent: a known crawler), and in all, over a period (the last hour unless --since or --from).",
        footerHeading = "%nExamples:%n",
        footer = {"  ./webtop report bots --since 30m"})
    static final class Bots extends ReportCommand {
        @Mixin
        PeriodOptions period;

        @Override
        protected int execute() {
            Period p = period.period(Duration.ofHours(1));
            print(Query.run(target(), "bots", p.from().toString(), p.to().toString(), source(), source()));
            return ExitCode.OK;
        }
    }
}
