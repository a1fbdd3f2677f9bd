package dev.sanet.spark.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sanet spark}: the root of the Spark commands and the entry point of sanet-spark's jar.
 * Exit statuses as {@code sanet}'s: 0 on success, 2 for a user mistake (one line on standard
 * error), 1 for an internal failure.
 */
@Command(
        name = "spark",
        mixinStandardHelpOptions = true,
        description = "sanet on Apache Spark.",
        subcommands = {SparkPredictCommand.class, CommandLine.HelpCommand.class})
public final class SanetSpark implements Callable<Integer> {

    /** Exit status for a user mistake. */
    public static final int EXIT_USAGE = 2;

    /** Exit status for an internal failure. */
    public static final int EXIT_INTERNAL = 1;

    @Option(
            names = "--debug",
            description = "Print stack traces of failures.",
            scope = CommandLine.ScopeType.INHERIT)
    boolean debug;

    /** Creates the root command (picocli instantiates it). */
    public SanetSpark() {}

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.err);
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
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        CommandLine cmd = new CommandLine(new SanetSpark());
        cmd.setParameterExceptionHandler(
                (ex, a) -> {
                    PrintWriter err = ex.getCommandLine().getErr();
                    err.println(
                            "sanet spark: "
                                    + ex.getMessage()
                                    + " (see 'sanet "
                                    + ex.getCommandLine().getCommandSpec().qualifiedName(" ")
                                    + " --help')");
                    err.flush();
                    return EXIT_USAGE;
                });
        cmd.setExecutionExceptionHandler(
                (ex, c, parsed) -> {
                    PrintWriter err = c.getErr();
                    boolean debug =
                            parsed.hasMatchedOption("--debug")
                                    || (parsed.subcommand() != null
                                            && parsed.subcommand().hasMatchedOption("--debug"));
                    if (ex instanceof IllegalArgumentException) {
                        err.println("sanet spark: " + ex.getMessage());
                        if (debug) {
                            ex.printStackTrace(err);
                        }
                        err.flush();
                        return EXIT_USAGE;
                    }
                    err.println(
                            "sanet spark: internal error: "
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
}
