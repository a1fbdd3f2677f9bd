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

    /** DJL's system property naming the engine used where none is named. */
    static final String DJL_DEFAULT_ENGINE = "ai.djl.default_engine";

    /**
     * The engine to use, in DJL's spelling. It also becomes DJL's default engine for this process
     * ({@value #DJL_DEFAULT_ENGINE}), so that the other engine's native library is never loaded.
     *
     * @return {@code MXNet} or {@code PyTorch}
     * @throws UserException for an unknown name, naming the option or the variable
     */
    String name() {
        return name(null);
    }

    /**
     * The engine to use, with a command's own default where the user chose none (no {@code
     * --engine}, no {@code SANET_ENGINE}, no {@code sanet.engine} property). It also becomes DJL's
     * default engine for this process, as in {@link #name()}.
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
            return choose(fallback);
        }
        String chosen;
        try {
            chosen = engine == null ? Engines.defaultEngine() : Engines.canonical(engine);
        } catch (IllegalArgumentException e) {
            throw new UserException((engine == null ? "" : "--engine: ") + e.getMessage(), e);
        }
        return choose(chosen);
    }

    private static String choose(String chosen) {
        // Anything that asks DJL for its default engine would otherwise start MXNet as well: on a
        // PyTorch run that loaded libmxnet and cost about 50-70 MiB of resident memory.
        System.setProperty(DJL_DEFAULT_ENGINE, chosen);
        return chosen;
    }
}
