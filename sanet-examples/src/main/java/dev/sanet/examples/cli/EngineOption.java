package dev.sanet.examples.cli;

import dev.sanet.core.Engines;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --engine mxnet|pytorch}, shared by every command that builds or runs a network. Without it
 * the engine is {@code SANET_ENGINE}'s, else MXNet ({@link Engines#defaultEngine()}).
 */
final class EngineOption {

    @Option(
            names = "--engine",
            paramLabel = "E",
            description =
                    "mxnet or pytorch (default: the SANET_ENGINE environment variable, else"
                            + " mxnet).")
    @Nullable String engine;

    /**
     * The engine to use, in DJL's spelling.
     *
     * @return {@code MXNet} or {@code PyTorch}
     * @throws UserException for an unknown name, naming the option or the variable
     */
    String name() {
        return name(null);
    }

    /**
     * The engine to use, with a command's own default where the user chose none (no {@code
     * --engine}, no {@code SANET_ENGINE}, no {@code sanet.engine} property).
     *
     * @param fallback the command's default in DJL's spelling, or null for the project's (MXNet)
     * @return {@code MXNet} or {@code PyTorch}
     * @throws UserException for an unknown name, naming the option or the variable
     */
    String name(@Nullable String fallback) {
        if (engine == null
                && fallback != null
                && System.getenv(Engines.ENV) == null
                && System.getProperty(Engines.PROPERTY) == null) {
            return fallback;
        }
        try {
            return engine == null ? Engines.defaultEngine() : Engines.canonical(engine);
        } catch (IllegalArgumentException e) {
            throw new UserException((engine == null ? "" : "--engine: ") + e.getMessage(), e);
        }
    }
}
