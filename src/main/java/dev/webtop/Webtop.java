package dev.webtop;

import dev.webtop.base.Environment;
import dev.webtop.base.ExitCode;
import dev.webtop.base.Invocation;
import dev.webtop.base.Messages;
import dev.webtop.base.WebtopException;
import dev.webtop.cli.Alert;
import dev.webtop.cli.Generate;
import dev.webtop.cli.Goals;
import dev.webtop.cli.Ingest;
import dev.webtop.cli.Monitor;
import dev.webtop.cli.Probe;
import dev.webtop.cli.Psql;
import dev.webtop.cli.Report;
import dev.webtop.cli.Record;
import dev.webtop.cli.Reset;
import dev.webtop.cli.Restart;
import dev.webtop.cli.Serve;
import dev.webtop.cli.Setup;
import dev.webtop.cli.SetupDb;
import dev.webtop.cli.Site;
import dev.webtop.cli.Start;
import dev.webtop.cli.Stats;
import dev.webtop.cli.Status;
import dev.webtop.cli.Stop;
import dev.webtop.config.ProcessEnvironment;
import dev.webtop.db.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

@Command(name = "webtop", mixinStandardHelpOptions = true, versionProvider = Webtop.Version.class,
    description = {"Record and analyse website traffic and availability in TimescaleDB.", ""},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:success",
        "1:a check found a problem (e.g. pending migrations)",
        "2:bad usage or bad input; nothing was changed",
        "3:the database cannot be reached, or no runtime can provide one",
        "4:any other failure"},
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop start              bring up TimescaleDB and apply the SQL pipeline",
        "  ./webtop status --json      health as JSON, for scripts",
        "  ./webtop psql -c 'SELECT * FROM webtop_edition'",
        "  source <(./webtop completion)   tab completion in bash or zsh"})
public final class Webtop implements Runnable, Invocation {
    /** Every command, in the order help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(Start.class, Stop.class, Restart.class,
        Status.class, Monitor.class, Probe.class, Generate.class, Report.class, Stats.class, Ingest.class,
        Serve.class, Site.class, Goals.class, Alert.class, Setup.class, SetupDb.class, Reset.class,
        Psql.class, Record.class);

    private final Environment environment;
    private boolean verbose;

    @Spec
    CommandSpec spec;

    public Webtop(Environment environment) {
        this.environment = environment;
    }

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
        description = "Show the stack trace of an error, and what a report counts.")
    void setVerbose(boolean verbose) {
        this.verbose = verbose;
    }

    @Override
    public boolean verbose() {
        return verbose;
    }

    @Override
    public Environment environment() {
        return environment;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing a command; use one of: "
            + String.join(", ", spec.subcommands().keySet()));
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // what scripts and package checks call most: answered without building the commands
            out.println(Version.line());
            System.exit(ExitCode.OK);
        }
        Thread.setDefaultUncaughtExceptionHandler(Webtop::uncaught);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(newCommandLine(ProcessEnvironment.system(), out, err, args).execute(args));
    }

    /**
     * The one place where commands, output streams and exit-code mapping are wired together, for
     * the command line {@code args}. Only the command they name is built, when they name one:
     * picocli reads a command's annotations, options and mixins by reflection as it is added, and
     * doing that for every command took most of a short command's start.
     */
    public static CommandLine newCommandLine(Environment environment, PrintWriter out,
                                             PrintWriter err, String... args) {
        Webtop root = new Webtop(environment);
        CommandLine commandLine = new CommandLine(root);
        Class<?> named = commandNamed(args);
        for (Class<?> command : named == null ? COMMANDS : List.<Class<?>>of(named)) {
            commandLine.addSubcommand(command);
        }
        if (named == null) {
            CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
            completion.getCommandSpec().usageMessage().hidden(false)
                .description("Print the bash/zsh completion script: source <(./webtop completion)");
            commandLine.addSubcommand("completion", completion);
        }
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(Webtop::badUsage);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> failed(e, cmd, root));
        if (commandLine.getSubcommands().get("psql") != null) {
            commandLine.getSubcommands().get("psql").setUnmatchedOptionsArePositionalParams(true);
        }
        return commandLine;
    }

    /** The command {@code args} name (the first that is not an option: webtop's own take no
     * values), or null for none, an unknown word or `completion`, which all need every command:
     * help and errors list them, the completion script covers them. */
    private static Class<?> commandNamed(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return COMMANDS.stream().filter(command -> arg.equals(command.getAnnotation(Command.class).name()))
                    .findFirst().orElse(null);
            }
        }
        return null;
    }

    /**
     * A thread that dies of an error nobody caught. Out of memory, whatever was under way is
     * unfinished, so the run ends, saying so in one line, rather than go on with a dead thread.
     */
    private static void uncaught(Thread thread, Throwable e) {
        if (e instanceof OutOfMemoryError) {
            long heapMegabytes = Runtime.getRuntime().maxMemory() / 1048576;
            System.err.println("webtop: out of memory in " + thread.getName() + " (heap " + heapMegabytes
                + " MB); give Java more with WEBTOP_JAVA_OPTIONS=-Xmx...");
            Runtime.getRuntime().halt(ExitCode.FAILURE);
        }
        System.err.print("Exception in thread \"" + thread.getName() + "\" ");
        e.printStackTrace();
    }

    private static int badUsage(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("webtop: " + Messages.oneLine(e.getMessage()));
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCode.BAD_INPUT;
    }

    private static int failed(Exception e, CommandLine command, Webtop root) {
        PrintWriter err = command.getErr();
        int exitCode;
        if (e instanceof WebtopException webtop) {
            err.println("webtop: " + Messages.oneLine(webtop.getMessage()));
            exitCode = webtop.exitCode();
        } else if (e instanceof SQLException sql && Database.isConnectionFailure(sql)) {
            err.println("webtop: cannot reach the database: " + sql.getMessage());
            exitCode = ExitCode.DB_UNREACHABLE;
        } else if (e instanceof ParameterException parameter) {
            return badUsage(parameter, new String[0]);
        } else {
            String detail = e instanceof UncheckedIOException io ? io.getMessage() + ": "
                + io.getCause().getMessage() : e.toString();
            err.println("webtop: " + detail + (root.verbose ? "" : " (run with --verbose for details)"));
            exitCode = ExitCode.FAILURE;
        }
        if (root.verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return exitCode;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {line()};
        }

        static String line() {
            // the jar's manifest says it without a file to read (a few milliseconds of a start)
            String version = Webtop.class.getPackage().getImplementationVersion();
            if (version != null) {
                return "webtop " + version;
            }
            Properties properties = new Properties();
            try (InputStream in = Webtop.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return "webtop " + properties.getProperty("version", "unknown");
        }
    }
}
