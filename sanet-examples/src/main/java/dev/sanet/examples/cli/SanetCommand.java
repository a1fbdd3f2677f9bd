package dev.sanet.examples.cli;

import dev.sanet.core.ModelFileException;
import dev.sanet.core.training.TrainingDivergedException;
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
 * path or value, damaged input, reported in one line), 3 when training diverged (two lines: where,
 * and the last good checkpoint with what to do), 1 for an internal failure (one line naming it).
 */
@Command(
        name = "sanet",
        mixinStandardHelpOptions = true,
        versionProvider = SanetCommand.Versions.class,
        description = "Squeeze-and-Attention Networks for semantic segmentation on DJL.",
        footer = {
            "",
            "Exit status: 0 success, 2 a user mistake or damaged input (one line naming the path or"
                    + " value), 3 training diverged (train, demo, reproduce), 1 an internal failure."
        },
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

    /**
     * Exit status when training diverged (the loss became NaN or infinite): the run stopped before
     * writing the diverged state, and the newest checkpoint is the last good one.
     */
    public static final int EXIT_DIVERGED = 3;

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
                (ex, c, parsed) -> report(ex, c.getErr(), isDebug(parsed)));
        return cmd.execute(args);
    }

    /**
     * Reports a failure on standard error and chooses the exit status: 2 and one line for a user
     * mistake or a bad dataset item, {@link #EXIT_DIVERGED} and two lines for divergence, 1 and one
     * line naming the failure otherwise; stack traces only with {@code --debug}.
     *
     * @param ex the failure
     * @param err standard error
     * @param debug whether to print the stack trace
     * @return the exit status
     */
    static int report(Exception ex, PrintWriter err, boolean debug) {
        int status;
        if (ex instanceof UserException || ex instanceof IllegalArgumentException) {
            err.println("sanet: " + ex.getMessage());
            status = EXIT_USAGE;
        } else if (cause(ex, ModelFileException.class) != null) {
            // A damaged or missing model file is the user's to replace, not a bug.
            err.println("sanet: " + cause(ex, ModelFileException.class).getMessage());
            status = EXIT_USAGE;
        } else if (cause(ex, TrainingDivergedException.class) != null) {
            String m = cause(ex, TrainingDivergedException.class).getMessage();
            int cut = m.indexOf("; ");
            String first = cut < 0 ? m : m.substring(0, cut);
            String second =
                    cut < 0
                            ? "lower the learning rate and resume with --resume"
                            : m.substring(cut + 2);
            err.println("sanet: training diverged (exit status " + EXIT_DIVERGED + "): " + first);
            err.println("sanet: " + second);
            status = EXIT_DIVERGED;
        } else if (cause(ex, ItemException.class) != null) {
            // A bad dataset file found mid-run is still the user's to fix, not ours.
            err.println(
                    "sanet: "
                            + cause(ex, ItemException.class).problem()
                            + ": fix or remove the item ('sanet dataset stats' lists"
                            + " every bad item; 'sanet train --skip-bad' trains on the"
                            + " rest)");
            status = EXIT_USAGE;
        } else {
            err.println(
                    "sanet: internal error: "
                            + ex
                            + (debug ? "" : " (rerun with --debug for the stack trace)"));
            status = EXIT_INTERNAL;
        }
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return status;
    }

    /** The first throwable of a type in a failure's cause chain, or null. */
    private static <T extends Throwable> @Nullable T cause(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
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
