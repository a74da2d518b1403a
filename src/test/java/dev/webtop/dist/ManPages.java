package dev.webtop.dist;

import dev.webtop.Webtop;
import dev.webtop.config.ProcessEnvironment;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes a manual page per command, as AsciiDoc, from the same command model `--help` prints:
 * webtop.adoc, webtop-probe.adoc, webtop-probe-report.adoc, ... scripts/package turns them into
 * troff with Asciidoctor. Usage: ManPages OUTPUT_DIR
 */
public final class ManPages {
    private ManPages() {
    }

    public static void main(String[] args) throws Exception {
        PrintWriter discard = new PrintWriter(new StringWriter());
        var commandLine = Webtop.newCommandLine(new ProcessEnvironment(Map.of(), Path.of("")), discard, discard);
        int exitCode = ManPageGenerator.generateManPage(new File(args[0]), null, new boolean[0], true,
            commandLine.getCommandSpec());
        System.exit(exitCode);
    }
}
