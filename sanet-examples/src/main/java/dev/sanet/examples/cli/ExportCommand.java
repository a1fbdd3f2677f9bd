package dev.sanet.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code sanet export}: writes a model in a format other tools read. {@code onnx} writes the
 * inference network as an ONNX graph ({@link ExportOnnxCommand}).
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Writes a model in a deployment format (ONNX).",
        subcommands = {ExportOnnxCommand.class})
final class ExportCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return SanetCommand.EXIT_USAGE;
    }
}
