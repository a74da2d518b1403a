package dev.webtop.cli;

import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import dev.webtop.serve.Sites;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `webtop site add|remove|list`: the websites whose visitors' page views `serve` takes. */
@Command(name = "site", mixinStandardHelpOptions = true,
    description = {"The allowlist of websites whose page views `serve` takes at /api/event (from its tracker "
        + "script, /js/script.js). A site's subdomains count as the site. A running `serve` sees a change "
        + "within 5 seconds."},
    subcommands = {Site.Add.class, Site.Remove.class, Site.ListSites.class},
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop site add example.com",
        "  <script defer data-domain=\"example.com\" src=\"https://stats.example.com/js/script.js\"></script>"})
public final class Site implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name what to do: add, remove or list");
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Take the site's page views.")
    static final class Add extends WebtopCommand {
        @Mixin
        DbOptions db;

        @Parameters(paramLabel = "DOMAIN", description = "The site, like example.com.")
        String domain;

        @Override
        protected int execute() {
            Sites.add(db.target(environment()), domain);
            out().println("Added " + domain);
            return ExitCode.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Stop taking the site's page views; "
        + "what was stored stays.")
    static final class Remove extends WebtopCommand {
        @Mixin
        DbOptions db;

        @Parameters(paramLabel = "DOMAIN", description = "The site.")
        String domain;

        @Override
        protected int execute() {
            if (!Sites.remove(db.target(environment()), domain)) {
                throw WebtopException.badInput("'" + domain + "' is not on the allowlist (webtop site list shows it)");
            }
            out().println("Removed " + domain);
            return ExitCode.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The sites on the allowlist, one a line.")
    static final class ListSites extends WebtopCommand {
        @Mixin
        DbOptions db;

        @Override
        protected int execute() {
            Sites.list(db.target(environment())).forEach(out()::println);
            return ExitCode.OK;
        }
    }
}
