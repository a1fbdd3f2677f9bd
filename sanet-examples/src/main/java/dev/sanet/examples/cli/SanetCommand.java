package dev.sanet.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code sanet} command line: the root command and the program entry point.
 *
 * <p>Exit statuses follow {@code shared/spec/CLI.md}: 0 on success, 2 for a user mistake (bad flag,
 * path or value, damaged input, reported in one line), 3 when training diverged (two lines: where,
 * and the last good checkpoint with what to do), 1 for an internal failure (one line naming it).
 * The setup behind them is {@link CliRoot}'s, shared with sanet-spark's {@code sanet spark}; the
 * usage help lists the developer tools apart ({@link CommandGroups}).
 */
@Command(
        name = "sanet",
        mixinStandardHelpOptions = true,
        versionProvider = CliRoot.Versions.class,
        resourceBundle = "dev.sanet.examples.cli.OptionTexts",
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
            ExportCommand.class,
            CommandLine.HelpCommand.class
        })
public final class SanetCommand implements Callable<Integer> {

    /** Exit status for a user mistake. */
    public static final int EXIT_USAGE = CliRoot.EXIT_USAGE;

    /** Exit status for an internal failure. */
    public static final int EXIT_INTERNAL = CliRoot.EXIT_INTERNAL;

    /**
     * Exit status when training diverged (the loss became NaN or infinite): the run stopped before
     * writing the diverged state, and the newest checkpoint is the last good one.
     */
    public static final int EXIT_DIVERGED = CliRoot.EXIT_DIVERGED;

    @Option(
            names = "--debug",
            description = "Print stack traces of failures.",
            scope = CommandLine.ScopeType.INHERIT)
    boolean debug;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
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
        return CliRoot.run(new SanetCommand(), "sanet", args);
    }
}
