package dev.webtop.cli;

import dev.webtop.base.Environment;
import dev.webtop.base.Invocation;
import dev.webtop.base.Messages;
import dev.webtop.runtime.Progress;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command shares: its output streams and the environment it was started in. */
abstract class WebtopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        int exitCode = execute();
        out().flush();
        err().flush();
        return exitCode;
    }

    /** Does the work and returns the exit code; failures are thrown as WebtopException. */
    protected abstract int execute() throws Exception;

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** One line on stderr in webtop's voice; control characters in it are shown, not obeyed. */
    protected void warn(String message) {
        err().println("webtop: " + Messages.oneLine(message));
        err().flush();
    }

    protected Progress progress() {
        return Progress.to(out());
    }

    /** A terminal a line can be redrawn on (not a pipe, a file or TERM=dumb). */
    protected boolean terminal() {
        return System.console() != null && !environment().variables().getOrDefault("TERM", "dumb").startsWith("dumb");
    }

    protected boolean verbose() {
        return invocation().verbose();
    }

    protected Environment environment() {
        return invocation().environment();
    }

    /** The root command, which knows the environment and --verbose; commands never import it. */
    private Invocation invocation() {
        return (Invocation) spec.root().userObject();
    }
}
