package dev.webtop.cli;

import dev.webtop.base.ExitCode;
import dev.webtop.report.Period;
import dev.webtop.report.Query;
import picocli.CommandLine.Command;

/** `webtop report goals`: each goal's completions, converting visitors and conversion rate. */
@Command(name = "goals", mixinStandardHelpOptions = true,
    description = {"Each goal (webtop goal add) over the period: completions (page views of its path, or events of "
        + "its type), converted (the visitors who completed it at least once), visitors (the domain's), and "
        + "conversion_rate, converted as a percentage of visitors.",
        "Counted from when the goal was added, and in the raw rows that were still kept then."},
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop report goals --since 30d", "  ./webtop report goals --domain example.com --json"})
final class ReportGoals extends ReportBreakdowns.Kept {
    @Override
    protected int execute() {
        Period p = period();
        print(Query.run(target(), "goals", p.from().toString(), p.to().toString(), domain(), includeBots));
        return ExitCode.OK;
    }
}
