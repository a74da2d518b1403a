package dev.webtop.cli;

import dev.webtop.alert.AlertCatalog;
import dev.webtop.alert.AlertChannel;
import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `webtop alert channel add|remove`: where alerts go. */
final class AlertChannels {
    private AlertChannels() {
    }

    @Command(name = "channel", mixinStandardHelpOptions = true, description = "Add or remove where alerts go.",
        subcommands = {ChannelAdd.class, ChannelRemove.class})
    static final class Channel implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            throw new ParameterException(spec.commandLine(), "name what to do: add or remove");
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Add a channel, or replace the one of that name. Secrets are read from files, never "
            + "from the command line, and never printed.",
            "A webhook gets a JSON body (version 1: version, id, event, kind, rule_id, subject, summary, "
                + "occurred_at, title), the id also in X-Webtop-Message-Id and, with --secret-file, "
                + "X-Webtop-Signature: sha256=HMAC-SHA256(secret, body) in hex."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./webtop alert channel add ops --slack https://hooks.slack.com/services/T0/B0/X",
            "  ./webtop alert channel add pager --webhook https://hooks.example.com/webtop --secret-file ~/.webtop-hook",
            "  ./webtop alert channel add mail --email ops@example.com --from webtop@example.com "
                + "--smtp smtp://webtop@mail.example.com:587 --password-file ~/.smtp-password"})
    static final class ChannelAdd extends WebtopCommand {
        @Mixin
        DbOptions db;

        @Parameters(paramLabel = "NAME", description = "The channel's name, like ops.")
        String name;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Where where;

        static final class Where {
            @Option(names = "--webhook", paramLabel = "URL", description = "POST webtop's JSON to this URL.")
            String webhook;

            @Option(names = "--slack", paramLabel = "URL", description = "A Slack-compatible incoming webhook.")
            String slack;

            @Option(names = "--email", paramLabel = "ADDRESSES", description = "Mail to these addresses (comma-separated).")
            String email;
        }

        @Option(names = "--secret-file", paramLabel = "FILE", description = "The webhook's signing secret.")
        Path secretFile;

        @Option(names = "--smtp", paramLabel = "URL", description = "The mail server: smtp://[user@]host[:port] "
            + "(STARTTLS, required unless it is on this machine) or smtps://[user@]host[:port].")
        String smtp;

        @Option(names = "--from", paramLabel = "ADDRESS", description = "The sender of alert mails.")
        String from;

        @Option(names = "--password-file", paramLabel = "FILE", description = "The SMTP user's password.")
        Path passwordFile;

        @Override
        protected int execute() {
            AlertChannel channel;
            if (where.email != null) {
                if (smtp == null || from == null) {
                    throw WebtopException.badInput("--email needs --smtp URL and --from ADDRESS");
                }
                channel = AlertChannel.email(name, smtp, from, where.email, read(passwordFile, "--password-file"));
            } else if (smtp != null || from != null || passwordFile != null) {
                throw WebtopException.badInput("--smtp, --from and --password-file go with --email");
            } else if (where.slack != null) {
                if (secretFile != null) {
                    throw WebtopException.badInput("--secret-file goes with --webhook; a Slack URL is its own secret");
                }
                channel = AlertChannel.slack(name, where.slack);
            } else {
                channel = AlertChannel.webhook(name, where.webhook, read(secretFile, "--secret-file"));
            }
            new AlertCatalog(db.target(environment())).addChannel(channel);
            out().println("Channel " + channel.name() + ": " + channel.kind().label() + " " + channel.shownUrl());
            return ExitCode.OK;
        }

        private static String read(Path file, String option) {
            if (file == null) {
                return null;
            }
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (text.isEmpty()) {
                    throw WebtopException.badInput(option + " " + file + " is empty");
                }
                return text;
            } catch (IOException e) {
                throw WebtopException.badInput(option + ": cannot read " + file + " (" + e.getMessage() + ")");
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Remove a channel no rule tells any more, with its unsent messages.")
    static final class ChannelRemove extends WebtopCommand {
        @Mixin
        DbOptions db;

        @Parameters(paramLabel = "NAME", description = "The channel.")
        String name;

        @Override
        protected int execute() {
            if (!new AlertCatalog(db.target(environment())).removeChannel(name)) {
                throw WebtopException.badInput("no channel named '" + name + "'; webtop alert list shows them");
            }
            out().println("Removed channel " + name);
            return ExitCode.OK;
        }
    }
}
