package dev.sanet.examples.cli;

import dev.sanet.data.ItemException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code sanet} command line: the root command and the program entry point.
 *
 * <p>Exit statuses follow {@code shared/spec/CLI.md}: 0 on success, 2 for a user mistake (bad flag,
 * path or value, reported in one line), 1 for an internal failure.
 */
@Command(
        name = "sanet",
        mixinStandardHelpOptions = true,
        versionProvider = SanetCommand.Versions.class,
        description = "Squeeze-and-Attention Networks for semantic segmentation on DJL.",
        subcommands = {
            VersionCommand.class,
            InfoCommand.class,
            BenchCommand.class,
            SynthCommand.class,
            TrainCommand.class,
            DemoCommand.class,
            EvalCommand.class,
            PredictCommand.class,
            ScoreCommand.class,
            DatasetCommand.class,
            ReproduceCommand.class,
            PretrainCommand.class,
            WeightsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class SanetCommand implements Callable<Integer> {

    /** Exit status for a user mistake. */
    public static final int EXIT_USAGE = 2;

    /** Exit status for an internal failure. */
    public static final int EXIT_INTERNAL = 1;

    @Option(
            names = "--debug",
            description = "Print stack traces of failures.",
            scope = CommandLine.ScopeType.INHERIT)
    boolean debug;

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.err);
        return EXIT_USAGE;
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments after {@code sanet}
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command line without exiting the JVM, for tests and embedding.
     *
     * @param args the arguments after {@code sanet}
     * @return the exit status
     */
    public static int run(String... args) {
        defaultProperty("ai.djl.offline", "true");
        defaultProperty("java.awt.headless", "true");
        CommandLine cmd = new CommandLine(new SanetCommand());
        cmd.setParameterExceptionHandler(
                (ex, a) -> {
                    PrintWriter err = ex.getCommandLine().getErr();
                    err.println(
                            "sanet: "
                                    + ex.getMessage()
                                    + " (see 'sanet "
                                    + commandPath(ex.getCommandLine())
                                    + "--help')");
                    err.flush();
                    return EXIT_USAGE;
                });
        cmd.setExecutionExceptionHandler(
                (ex, c, parsed) -> {
                    PrintWriter err = c.getErr();
                    boolean debug = isDebug(parsed);
                    if (ex instanceof UserException || ex instanceof IllegalArgumentException) {
                        err.println("sanet: " + ex.getMessage());
                        if (debug) {
                            ex.printStackTrace(err);
                        }
                        err.flush();
                        return EXIT_USAGE;
                    }
                    ItemException item = itemProblem(ex);
                    if (item != null) {
                        // A bad dataset file found mid-run is still the user's to fix, not ours.
                        err.println(
                                "sanet: "
                                        + item.problem()
                                        + ": fix or remove the item ('sanet dataset stats' lists"
                                        + " every bad item; 'sanet train --skip-bad' trains on the"
                                        + " rest)");
                        if (debug) {
                            ex.printStackTrace(err);
                        }
                        err.flush();
                        return EXIT_USAGE;
                    }
                    err.println(
                            "sanet: internal error: "
                                    + ex
                                    + (debug ? "" : " (rerun with --debug for the stack trace)"));
                    if (debug) {
                        ex.printStackTrace(err);
                    }
                    err.flush();
                    return EXIT_INTERNAL;
                });
        return cmd.execute(args);
    }

    /** The unreadable dataset item behind a failure (the data loader wraps it), or null. */
    private static @Nullable ItemException itemProblem(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof ItemException e) {
                return e;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static boolean isDebug(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult p = parsed;
        while (p != null) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
            p = p.subcommand();
        }
        return false;
    }

    private static String commandPath(CommandLine c) {
        StringBuilder sb = new StringBuilder();
        CommandLine p = c;
        java.util.Deque<String> names = new java.util.ArrayDeque<>();
        while (p != null && p.getParent() != null) {
            names.push(p.getCommandName());
            p = p.getParent();
        }
        for (String n : names) {
            sb.append(n).append(' ');
        }
        return sb.toString();
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Supplies {@code sanet --version}. */
    static final class Versions implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sanet " + dev.sanet.core.RuntimeInfo.sanetVersion()};
        }
    }
}
