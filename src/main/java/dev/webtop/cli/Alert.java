package dev.webtop.cli;

import dev.webtop.alert.AlertCatalog;
import dev.webtop.alert.AlertChannel;
import dev.webtop.alert.AlertDispatcher;
import dev.webtop.base.ExitCode;
import dev.webtop.config.DbTarget;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `webtop alert`: channels, rules, silences, a test message and a dispatch for cron. */
@Command(name = "alert", mixinStandardHelpOptions = true,
    description = {"Alerts that reach people: a probe target down, slow, or its certificate ending; a domain's "
        + "traffic bursting or going dark; a job failing, a followed log going quiet, the database away. Each "
        + "alert and its resolution is sent once to each channel of its rule (webhook, Slack, e-mail), in "
        + "order, retried while the receiver is away.",
        "Messages are written in the transaction that decides them and sent by `webtop serve`, `webtop probe` "
            + "and `webtop alert dispatch` (for cron)."},
    subcommands = {AlertChannels.Channel.class, AlertRules.Add.class, AlertList.ListAll.class, AlertRules.Remove.class,
        Alert.Test.class, Alert.Dispatch.class, AlertSilences.Silence.class, AlertSilences.Unsilence.class},
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop alert channel add ops --slack https://hooks.slack.com/services/T0/B0/X",
        "  ./webtop alert add down --target https://example.com --channel ops",
        "  ./webtop alert add certificate --days 14 --channel ops",
        "  ./webtop alert add dark --domain example.com --quiet 15m --channel ops",
        "  ./webtop alert silence --target https://example.com --for 2h --reason 'database upgrade'",
        "  ./webtop alert list"})
public final class Alert implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
            "name what to do: channel, add, list, remove, test, dispatch, silence or unsilence");
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
        description = "Send a test message to a channel now and print what the receiver answered; exit 1 when it "
            + "refused or could not be reached.")
    static final class Test extends WebtopCommand {
        @Mixin
        DbOptions db;

        @Parameters(paramLabel = "CHANNEL", description = "The channel.")
        String name;

        @Override
        protected int execute() {
            DbTarget target = db.target(environment());
            AlertChannel channel = new AlertCatalog(target).channel(name);
            try (AlertDispatcher dispatcher = new AlertDispatcher(() -> target)) {
                out().println(name + " answered: " + dispatcher.test(channel));
                return ExitCode.OK;
            } catch (IOException e) {
                warn(name + " did not take the test message: " + e.getMessage());
                return ExitCode.PROBLEM_FOUND;
            }
        }
    }

    @Command(name = "dispatch", mixinStandardHelpOptions = true,
        description = "Send every alert that waits and is due, then exit: for cron when neither `serve` nor "
            + "`probe --every` runs. Exit 1 when a receiver refused (its messages wait for the next run).",
        footerHeading = "%nExamples:%n", footer = "  * * * * * cd /opt/webtop && ./webtop alert dispatch")
    static final class Dispatch extends WebtopCommand {
        @Mixin
        DbOptions db;

        @Override
        protected int execute() {
            DbTarget target = db.target(environment());
            try (AlertDispatcher dispatcher = new AlertDispatcher(() -> target)) {
                AlertDispatcher.Tally tally = dispatcher.dispatch();
                tally.problems().forEach(this::warn);
                out().println("Sent " + tally.sent() + " alert message" + (tally.sent() == 1 ? "" : "s")
                    + (tally.refused() == 0 ? "" : "; " + tally.refused() + " refused, retried later"));
                return tally.refused() == 0 ? ExitCode.OK : ExitCode.PROBLEM_FOUND;
            }
        }
    }
}
