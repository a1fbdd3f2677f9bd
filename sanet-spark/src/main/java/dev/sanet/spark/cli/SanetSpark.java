package dev.sanet.spark.cli;

import dev.sanet.examples.cli.CliRoot;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sanet spark}: the root of the Spark commands and the entry point of sanet-spark's jar. Its
 * setup is {@code sanet}'s ({@link CliRoot}): the same exit statuses (0 on success, 2 for a user
 * mistake in one line on standard error, 1 for an internal failure), the same failure lines and
 * setting-to-flag names, prefixed {@code sanet spark:}, and the same version.
 */
@Command(
        name = "spark",
        mixinStandardHelpOptions = true,
        versionProvider = CliRoot.Versions.class,
        description = "sanet on Apache Spark.",
        subcommands = {SparkPredictCommand.class, CommandLine.HelpCommand.class})
public final class SanetSpark implements Callable<Integer> {

    /** Exit status for a user mistake. */
    public static final int EXIT_USAGE = CliRoot.EXIT_USAGE;

    /** Exit status for an internal failure. */
    public static final int EXIT_INTERNAL = CliRoot.EXIT_INTERNAL;

    @Option(
            names = "--debug",
            description = "Print stack traces of failures.",
            scope = CommandLine.ScopeType.INHERIT)
    boolean debug;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** Creates the root command (picocli instantiates it). */
    public SanetSpark() {}

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return EXIT_USAGE;
    }

    /**
     * Runs {@code sanet spark ARGS} and exits with its status.
     *
     * @param args the arguments after {@code sanet spark}
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs {@code sanet spark ARGS} without exiting the JVM.
     *
     * @param args the arguments after {@code sanet spark}
     * @return the exit status
     */
    public static int run(String... args) {
        return CliRoot.run(new SanetSpark(), "sanet spark", args);
    }
}
