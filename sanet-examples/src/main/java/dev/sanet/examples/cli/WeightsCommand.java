package dev.sanet.examples.cli;

import dev.sanet.core.SANetModel;
import dev.sanet.core.io.AtomicFolder;
import dev.sanet.core.io.WeightsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sanet weights}: moves a model's parameters in and out of a safetensors file under their
 * stable names ({@code dev.sanet.core.io.ParameterNames}), for PyTorch, inspection, or another
 * sanet model of the same architecture on either engine. {@code export} writes the file; {@code
 * import} writes a new model folder holding the source folder's {@code sanet.json} and the imported
 * parameters. {@code inspect} says what an ImageNet ResNet weights file holds and which backbone
 * options fit it; {@code compare-backbone} checks an import against torchvision's own outputs.
 */
@Command(
        name = "weights",
        mixinStandardHelpOptions = true,
        description =
                "Exports a model's weights to safetensors or imports them into a new model;"
                        + " inspects ImageNet backbone weights and checks their import.",
        subcommands = {
            WeightsCommand.Export.class,
            WeightsCommand.Import.class,
            WeightsInspectCommand.class,
            CompareBackboneCommand.class
        })
final class WeightsCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return SanetCommand.EXIT_USAGE;
    }

    /** {@code sanet weights export}: every parameter of a model to one safetensors file. */
    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description =
                    "Writes every parameter of a model (and batch-norm running statistics) to a"
                            + " safetensors file, with the architecture and class names as"
                            + " metadata.")
    static final class Export implements Callable<Integer> {

        @Option(
                names = "--model",
                required = true,
                paramLabel = "DIR",
                description = "Model folder.")
        Path modelDir;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "FILE",
                description =
                        "The .safetensors file to write: outside the model folder, and not an"
                                + " existing file unless --overwrite.")
        Path out;

        @Option(names = "--overwrite", description = "Replace --out when it exists (atomically).")
        boolean overwrite;

        @Mixin EngineOption engine = new EngineOption();

        @Mixin JsonOption json = new JsonOption();

        @Override
        public Integer call() throws IOException {
            InferenceArgs.checkModelDir(modelDir);
            // Never into the model folder (--out MODEL/sanet-0000.params would destroy the model),
            // never over a file without --overwrite.
            OutputChecks.file("--out", out, List.of(modelDir), overwrite);
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                AtomicFolder.removeStale(parent, out.getFileName().toString());
            }
            WeightsFile.Report r;
            try (SANetModel model = load(modelDir, engine.name())) {
                r = model.exportWeights(out);
            }
            print(
                    json.on(),
                    engine.name(),
                    r,
                    null,
                    String.format(
                            Locale.ROOT,
                            "exported %d tensors (%d values) to %s",
                            r.tensors(),
                            r.parameters(),
                            r.file()));
            return 0;
        }
    }

    /** {@code sanet weights import}: a model folder with another file's parameters. */
    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description =
                    "Copies a safetensors file's tensors into a model's parameters by name and"
                            + " writes the result as a new model folder; every parameter must have"
                            + " a tensor of its shape and every tensor a parameter.")
    static final class Import implements Callable<Integer> {

        @Option(
                names = "--model",
                required = true,
                paramLabel = "DIR",
                description = "Model folder whose architecture and metadata the new model keeps.")
        Path modelDir;

        @Option(
                names = "--weights",
                required = true,
                paramLabel = "FILE",
                description =
                        "A .safetensors file (sanet weights export, or a PyTorch state dict).")
        Path weights;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "DIR",
                description = "The new model folder: must not exist, or be empty.")
        Path out;

        @Mixin EngineOption engine = new EngineOption();

        @Mixin JsonOption json = new JsonOption();

        @Override
        public Integer call() throws IOException {
            InferenceArgs.checkModelDir(modelDir);
            if (!Files.isRegularFile(weights)) {
                throw new UserException(
                        "--weights "
                                + weights
                                + " does not exist or is not a file: pass a .safetensors file"
                                + " written by sanet weights export");
            }
            Path target = out.toAbsolutePath().normalize();
            checkFreshFolder(target);
            OutputChecks.apart("--out", out, "--model", modelDir);
            OutputChecks.apart("--out", out, "--weights", weights);
            Path parent = target.getParent();
            if (parent == null) {
                throw new UserException("--out " + out + ": give a folder below the root");
            }
            Files.createDirectories(parent);
            // What an interrupted import of the same target left (a kill, a full disk).
            List<Path> stale = AtomicFolder.removeStale(parent, target.getFileName().toString());
            if (!stale.isEmpty()) {
                System.err.println(
                        "sanet weights import: removed "
                                + stale.size()
                                + " temporary folder(s) of an interrupted earlier import: "
                                + OutputChecks.listing(stale));
            }
            // Build the whole model in a hidden sibling and rename it at the end, so a failure
            // (a wrong tensor, a full disk) leaves no half-written model behind.
            Path tmp =
                    parent.resolve(
                            "."
                                    + target.getFileName()
                                    + "."
                                    + HexFormat.of()
                                            .toHexDigits(ThreadLocalRandom.current().nextLong())
                                    + ".tmp");
            Files.createDirectory(tmp);
            WeightsFile.Report r;
            boolean moved = false;
            try {
                try (SANetModel model = load(modelDir, engine.name())) {
                    try {
                        r = WeightsFile.importInto(model.model().getBlock(), weights);
                    } catch (IOException e) {
                        throw new UserException("--weights " + e.getMessage(), e);
                    }
                    model.save(tmp);
                }
                // Keep the source's metadata as it is (training summary, versions).
                Files.copy(
                        modelDir.resolve(SANetModel.METADATA),
                        tmp.resolve(SANetModel.METADATA),
                        StandardCopyOption.REPLACE_EXISTING);
                // An empty folder at the target is replaced by the rename (POSIX rename(2)).
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                moved = true;
            } finally {
                if (!moved) {
                    deleteTree(tmp);
                }
            }
            print(
                    json.on(),
                    engine.name(),
                    r,
                    target,
                    String.format(
                            Locale.ROOT,
                            "imported %d tensors (%d values) from %s into %s%s",
                            r.tensors(),
                            r.parameters(),
                            weights,
                            target,
                            r.ignored().isEmpty() ? "" : " (ignored: " + r.ignored() + ")"));
            return 0;
        }

        private void checkFreshFolder(Path target) throws IOException {
            if (!Files.exists(target)) {
                return;
            }
            boolean empty = false;
            if (Files.isDirectory(target)) {
                try (Stream<Path> s = Files.list(target)) {
                    empty = s.findAny().isEmpty();
                }
            }
            if (!empty) {
                throw new UserException(
                        "--out "
                                + out
                                + " exists and is not an empty folder: import writes a new model"
                                + " folder and never overwrites; choose another path");
            }
        }
    }

    private static SANetModel load(Path modelDir, String engine) {
        try {
            return SANetModel.load(modelDir, engine);
        } catch (IOException e) {
            throw new UserException("--model " + e.getMessage(), e);
        }
    }

    /** One JSON object ({@code tensors}, {@code parameters}, {@code file}...) or one line. */
    private static void print(
            boolean json,
            String engine,
            WeightsFile.Report r,
            @Nullable Path modelDir,
            String line) {
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("engine", engine);
            o.put("tensors", r.tensors());
            o.put("parameters", r.parameters());
            o.put("file", r.file().toString());
            if (modelDir != null) {
                o.put("modelDir", modelDir.toString());
                o.put("ignored", r.ignored());
            }
            Json.print(System.out, o);
        } else {
            System.out.println(line);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // Best effort: the failure that brought us here is what the user needs to see.
        }
    }
}
