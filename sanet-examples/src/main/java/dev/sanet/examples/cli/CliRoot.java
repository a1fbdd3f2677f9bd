package dev.sanet.examples.cli;

import dev.sanet.core.ModelFileException;
import dev.sanet.core.RuntimeInfo;
import dev.sanet.core.io.FolderInUseException;
import dev.sanet.core.io.NoSpaceLeftException;
import dev.sanet.core.nn.PretrainedLayoutException;
import dev.sanet.core.settings.SettingException;
import dev.sanet.core.training.TrainingDivergedException;
import dev.sanet.data.ItemException;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every root command of sanet shares ({@code sanet}, and {@code sanet spark} in sanet-spark):
 * the process defaults, the exit statuses and how a failure is reported, the mapping of a setting
 * out of range to its flag ({@link SettingFlags}) and the version.
 *
 * <p>Exit statuses follow the command-line contract (README.md, "The command line"): 0 on success,
 * {@value #EXIT_USAGE} for a user mistake (bad flag, path or value, damaged input, reported in one
 * line), {@value #EXIT_DIVERGED} when training diverged (two lines: where, and the last good
 * checkpoint with what to do), {@value #EXIT_INTERNAL} for an internal failure (one line naming
 * it); stack traces only with {@code --debug}.
 */
public final class CliRoot {

    /** Exit status for a user mistake. */
    public static final int EXIT_USAGE = 2;

    /** Exit status for an internal failure. */
    public static final int EXIT_INTERNAL = 1;

    /**
     * Exit status when training diverged (the loss became NaN or infinite): the run stopped before
     * writing the diverged state, and the newest checkpoint is the last good one.
     */
    public static final int EXIT_DIVERGED = 3;

    private CliRoot() {}

    /**
     * Runs a root command without exiting the JVM: sets the process defaults (DJL offline, AWT
     * headless) unless given, and reports failures as this class says.
     *
     * @param root the root command (a picocli {@code @Command} object)
     * @param program how the program is called, such as {@code sanet} or {@code sanet spark}: the
     *     prefix of every failure line and of the help hint
     * @param args the arguments after the program
     * @return the exit status
     */
    public static int run(Object root, String program, String... args) {
        defaultProperty("ai.djl.offline", "true");
        defaultProperty("java.awt.headless", "true");
        CommandLine cmd = new CommandLine(root);
        RequiredFlags.install(cmd);
        CommandGroups.install(cmd);
        cmd.setParameterExceptionHandler(
                (ex, a) -> {
                    PrintWriter err = ex.getCommandLine().getErr();
                    err.println(
                            program
                                    + ": "
                                    + ex.getMessage()
                                    + " (see '"
                                    + program
                                    + " "
                                    + commandPath(ex.getCommandLine())
                                    + "--help')");
                    err.flush();
                    return EXIT_USAGE;
                });
        cmd.setExecutionExceptionHandler(
                (ex, c, parsed) ->
                        report(ex, c.getErr(), isDebug(parsed), c.getCommandSpec(), program));
        return cmd.execute(args);
    }

    /**
     * Reports a failure of {@code sanet} without knowing the command (see {@link #report(Exception,
     * PrintWriter, boolean, CommandSpec, String)}).
     *
     * @param ex the failure
     * @param err standard error
     * @param debug whether to print the stack trace
     * @return the exit status
     */
    static int report(Exception ex, PrintWriter err, boolean debug) {
        return report(ex, err, debug, null, "sanet");
    }

    /**
     * Reports a failure on standard error and chooses the exit status: {@value #EXIT_USAGE} and one
     * line for a user mistake, a setting out of range (named by its flag) or a bad dataset item,
     * {@value #EXIT_DIVERGED} and two lines for divergence, {@value #EXIT_INTERNAL} and one line
     * naming the failure otherwise; stack traces only with {@code --debug}.
     *
     * @param ex the failure
     * @param err standard error
     * @param debug whether to print the stack trace
     * @param command the command that failed, whose flags name the settings; null when unknown
     * @param program the prefix of each line, such as {@code sanet}
     * @return the exit status
     */
    static int report(
            Exception ex,
            PrintWriter err,
            boolean debug,
            @Nullable CommandSpec command,
            String program) {
        String p = program + ": ";
        int status;
        if (ex instanceof SettingException s) {
            err.println(p + SettingFlags.describe(s, command));
            status = EXIT_USAGE;
        } else if (NoSpaceLeftException.isNoSpace(ex)) {
            // A full disk is not the user's mistake in the command, but it is theirs to fix.
            NoSpaceLeftException n = cause(ex, NoSpaceLeftException.class);
            err.println(
                    p
                            + (n != null ? n.getMessage() : "no space left on device: " + ex)
                            + ": free some space or choose another output folder; nothing"
                            + " incomplete was left under a final name");
            status = EXIT_INTERNAL;
        } else if (cause(ex, PretrainedLayoutException.class) != null) {
            err.println(p + pretrainedMismatch(cause(ex, PretrainedLayoutException.class)));
            status = EXIT_USAGE;
        } else if (ex instanceof UserException || ex instanceof IllegalArgumentException) {
            err.println(p + ex.getMessage());
            status = EXIT_USAGE;
        } else if (cause(ex, FolderInUseException.class) != null) {
            err.println(p + cause(ex, FolderInUseException.class).getMessage());
            status = EXIT_USAGE;
        } else if (cause(ex, ModelFileException.class) != null) {
            // A damaged or missing model file is the user's to replace, not a bug.
            err.println(p + cause(ex, ModelFileException.class).getMessage());
            status = EXIT_USAGE;
        } else if (cause(ex, TrainingDivergedException.class) != null) {
            String m = cause(ex, TrainingDivergedException.class).getMessage();
            int cut = m.indexOf("; ");
            String first = cut < 0 ? m : m.substring(0, cut);
            String second =
                    cut < 0
                            ? "lower the learning rate and resume with --resume"
                            : m.substring(cut + 2);
            err.println(p + "training diverged (exit status " + EXIT_DIVERGED + "): " + first);
            err.println(p + second);
            status = EXIT_DIVERGED;
        } else if (cause(ex, ItemException.class) != null) {
            // A bad dataset file found mid-run is still the user's to fix, not ours.
            err.println(
                    p
                            + cause(ex, ItemException.class).problem()
                            + ": fix or remove the item ('sanet dataset stats' lists"
                            + " every bad item; 'sanet train --skip-bad' trains on the"
                            + " rest)");
            status = EXIT_USAGE;
        } else {
            err.println(
                    p
                            + "internal error: "
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

    /** A pretrained layout mismatch with the options (and the Java call) that fit the file. */
    static String pretrainedMismatch(PretrainedLayoutException e) {
        String options = PretrainedOptions.networkOptions(e.fileLayout());
        String java = PretrainedLayoutException.javaCall(e.fileLayout(), e.outputStride());
        return "--pretrained "
                + e.file()
                + " holds a "
                + e.fileLayout().describe()
                + ", but the network's backbone is a "
                + e.backboneLayout().describe()
                + ": "
                + (options == null
                        ? "sanet's options cannot build that backbone; from Java: " + java
                        : "pass " + options + " (from Java: " + java + ")");
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

    /** The subcommand names below the root, each followed by a space: {@code "dataset stats "}. */
    private static String commandPath(CommandLine c) {
        Deque<String> names = new ArrayDeque<>();
        for (CommandLine p = c; p != null && p.getParent() != null; p = p.getParent()) {
            names.push(p.getCommandName());
        }
        StringBuilder sb = new StringBuilder();
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

    /** Supplies {@code --version} of every root: the sanet version. */
    public static final class Versions implements CommandLine.IVersionProvider {

        /** Creates the provider (picocli instantiates it). */
        public Versions() {}

        @Override
        public String[] getVersion() {
            return new String[] {"sanet " + RuntimeInfo.sanetVersion()};
        }
    }
}
