package dev.sanet.examples.cli;

import dev.sanet.core.Engines;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --engine mxnet|pytorch|onnxruntime}, shared by every command that builds or runs a
 * network. Without it the engine is {@code SANET_ENGINE}'s, else MXNet ({@link
 * Engines#defaultEngine()}). ONNX Runtime runs inference only: the commands that only predict
 * ({@code predict}, {@code eval}, {@code bench --mode infer}) ask for {@link #inferenceName()},
 * every other command refuses it.
 */
final class EngineOption {

    @Option(
            names = "--engine",
            paramLabel = "E",
            description =
                    "mxnet or pytorch (default: the SANET_ENGINE environment variable, else"
                            + " mxnet); onnxruntime for the inference commands (predict, eval,"
                            + " bench --mode infer).")
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

    /**
     * The engine of a command that only runs inference: {@link #name()}, or {@value
     * Engines#ONNXRUNTIME} for {@code --engine onnxruntime}. DJL's default engine then stays the
     * project's default (MXNet unless {@code SANET_ENGINE} says otherwise), which does the NDArray
     * work around the ONNX graph.
     *
     * @return {@code MXNet}, {@code PyTorch} or {@code OnnxRuntime}
     * @throws UserException for an unknown name, naming the option or the variable
     */
    String inferenceName() {
        if (engine != null && isOnnxRuntime(engine)) {
            // The default engine (never ONNX Runtime) becomes DJL's, as name() makes it.
            choose(defaultOrThrow());
            return Engines.ONNXRUNTIME;
        }
        return name();
    }

    private static String defaultOrThrow() {
        try {
            return Engines.defaultEngine();
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), e);
        }
    }

    private static boolean isOnnxRuntime(String e) {
        try {
            return Engines.ONNXRUNTIME.equals(Engines.canonical(e));
        } catch (IllegalArgumentException ex) {
            return false;
        }
    }

    private static String choose(String chosen) {
        if (!Engines.trains(chosen)) {
            throw new UserException(
                    "--engine "
                            + chosen.toLowerCase(java.util.Locale.ROOT)
                            + " runs inference only (predict, eval, bench --mode infer, spark"
                            + " predict): use --engine mxnet or --engine pytorch for this command");
        }
        // Anything that asks DJL for its default engine would otherwise start MXNet as well: on a
        // PyTorch run that loaded libmxnet and cost about 50-70 MiB of resident memory.
        System.setProperty(DJL_DEFAULT_ENGINE, chosen);
        return chosen;
    }
}
