package dev.webtop.cli;

import dev.webtop.base.ExitCode;
import dev.webtop.base.Json;
import dev.webtop.base.WebtopException;
import dev.webtop.traffic.Goal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `webtop goal add|list|remove`: the pages and events whose conversions `report goals` counts. */
@Command(name = "goal", mixinStandardHelpOptions = true,
    description = {"Goals: a page of a domain (--path), or an event sent to it (--event, like the tracker's "
        + "plausible('Signup')). Every writer counts their completions and converting visitors from the moment "
        + "a goal is added, and in the raw rows still kept then; `report goals` and the web dashboard show them."},
    subcommands = {Goals.Add.class, Goals.ListGoals.class, Goals.Remove.class},
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop goal add --domain example.com --path /signup/done",
        "  ./webtop goal add --domain example.com --event Signup", "  ./webtop report goals --since 30d"})
public final class Goals implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name what to do: add, list or remove");
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a goal; prints its id.")
    static final class Add extends WebtopCommand {
        @Mixin
        DbOptions db;

        @Option(names = "--domain", required = true, paramLabel = "DOMAIN", description = "The site, like example.com.")
        String domain;

        @ArgGroup(multiplicity = "1")
        What what;

        static final class What {
            @Option(names = "--path", paramLabel = "PATH", description = "Page views of this path, like /signup/done.")
            String path;

            @Option(names = "--event", paramLabel = "NAME", description = "Events of this type, like Signup.")
            String event;
        }

        @Override
        protected int execute() {
            Goal goal = Goal.add(db.target(environment()), domain, what.path != null ? Goal.PATH : Goal.EVENT,
                what.path != null ? what.path : what.event);
            out().println("Added goal " + goal.id() + ": " + goal.name() + " on " + goal.domain());
            return ExitCode.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The goals, by domain.")
    static final class ListGoals extends WebtopCommand {
        @Mixin
        DbOptions db;

        @Option(names = "--json", description = "One JSON object per goal.")
        boolean json;

        @Override
        protected int execute() {
            List<Goal> goals = Goal.list(db.target(environment()));
            for (Goal goal : goals) {
                if (json) {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    fields.put("id", goal.id());
                    fields.put("domain", goal.domain());
                    fields.put("kind", goal.kind());
                    fields.put("target", goal.target());
                    fields.put("added_at", goal.createdAt().toString());
                    out().println(Json.write(fields));
                } else {
                    out().printf("%4d  %-30s %s%n", goal.id(), goal.domain(), goal.name());
                }
            }
            if (goals.isEmpty() && !json) {
                err().println("no goals yet: webtop goal add --domain example.com --path /signup/done");
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a goal and what was counted for it.")
    static final class Remove extends WebtopCommand {
        @Mixin
        DbOptions db;

        @Parameters(paramLabel = "ID", description = "The goal's id (webtop goal list).")
        int id;

        @Override
        protected int execute() {
            if (!Goal.remove(db.target(environment()), id)) {
                throw WebtopException.badInput("there is no goal " + id + " (webtop goal list shows them)");
            }
            out().println("Removed goal " + id);
            return ExitCode.OK;
        }
    }
}
