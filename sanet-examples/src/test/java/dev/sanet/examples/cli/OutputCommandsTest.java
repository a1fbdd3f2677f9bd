package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sanet.core.Backbone;
import dev.sanet.core.io.OutputLock;
import dev.sanet.data.SyntheticTask;
import dev.sanet.data.SyntheticWriter;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every command that writes an output ({@code --out}/{@code --output}) goes through the output
 * checks: a folder that another run holds is refused naming that run's process (exit 2, nothing
 * written), and a single output file ({@code weights export}) or fresh folder ({@code weights
 * import}) that exists is refused. {@link
 * OutputClaimsTest#everyCommandWithAnOutputIsCoveredByTheseChecks} pins {@link #COVERED} to the
 * commands that have such an option.
 */
class OutputCommandsTest {

    /** The commands with an output option, as picocli names them. */
    static final List<String> COVERED =
            List.of(
                    "demo",
                    "eval",
                    "export onnx",
                    "predict",
                    "pretrain",
                    "reproduce",
                    "score",
                    "synth",
                    "train",
                    "weights export",
                    "weights import");

    /** The commands that claim their output folder. */
    static final Set<String> CLAIMING =
            Set.of("demo", "eval", "predict", "pretrain", "reproduce", "score", "synth", "train");

    static Path tmp;
    static Path model;
    static Path data;
    static Path classes;
    static Path images;

    @BeforeAll
    static void fixtures(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        tmp = dir;
        model = TinyModels.save(tmp.resolve("model"), Backbone.RESNET18);
        data = tmp.resolve("voc");
        SyntheticWriter.write(
                SyntheticWriter.Format.VOC,
                data,
                4,
                SyntheticTask.builder().optSize(32, 32).optSeed(2).build());
        classes = tmp.resolve("classes");
        for (String c : List.of("a", "b")) {
            for (int i = 0; i < 2; i++) {
                OutputSafetyTest.image(classes.resolve(c).resolve(i + ".png"), "png", i);
            }
        }
        images = tmp.resolve("images");
        OutputSafetyTest.image(images.resolve("cat.png"), "png", 3);
    }

    private static String[] args(String command, Path out) {
        String o = out.toString();
        String m = model.toString();
        String d = data.toString();
        return switch (command) {
            case "demo" -> new String[] {"demo", "--out", o, "--seconds", "30"};
            case "eval" ->
                    new String[] {
                        "eval", "--model", m, "--dataset", "voc", "--data", d, "--out", o
                    };
            case "predict" ->
                    new String[] {
                        "predict", "--model", m, "--input", images.toString(), "--output", o
                    };
            case "pretrain" ->
                    new String[] {
                        "pretrain",
                        "--data",
                        classes.toString(),
                        "--out",
                        o,
                        "--epochs",
                        "1",
                        "--batch",
                        "2"
                    };
            case "reproduce" -> new String[] {"reproduce", "table1", "--synthetic", "--out", o};
            case "score" ->
                    new String[] {
                        "score",
                        "--pred",
                        images.toString(),
                        "--gt",
                        images.toString(),
                        "--classes",
                        "3",
                        "--out",
                        o
                    };
            case "synth" -> new String[] {"synth", "--format", "voc", "--out", o, "--images", "4"};
            case "train" ->
                    new String[] {
                        "train",
                        "--dataset",
                        "voc",
                        "--data",
                        d,
                        "--backbone",
                        "resnet18",
                        "--base-width",
                        "8",
                        "--crop",
                        "32",
                        "--base-size",
                        "32",
                        "--batch",
                        "2",
                        "--epochs",
                        "1",
                        "--out",
                        o
                    };
            case "export onnx" -> new String[] {"export", "onnx", "--model", m, "--out", o};
            case "weights export" -> new String[] {"weights", "export", "--model", m, "--out", o};
            case "weights import" ->
                    new String[] {
                        "weights",
                        "import",
                        "--model",
                        m,
                        "--weights",
                        model.resolve("manifest.sha256").toString(),
                        "--out",
                        o
                    };
            default -> throw new AssertionError("no case for " + command);
        };
    }

    // The lock is held for the block's duration, never read in it.
    @SuppressWarnings("try")
    @ParameterizedTest
    @FieldSource("COVERED")
    void anOutputInUseOrPresentIsRefusedBeforeAnyWork(String command) throws Exception {
        Path out = tmp.resolve("out-" + command.replace(' ', '-'));
        if (CLAIMING.contains(command)) {
            try (OutputLock other = OutputLock.acquire(out, "sanet " + command)) {
                String before = OutputSafetyTest.hash(out);
                Captured c = SanetCommandTest.run(args(command, out));
                OutputSafetyTest.refused(
                        c, out.toString(), "in use", "process " + ProcessHandle.current().pid());
                assertEquals(before, OutputSafetyTest.hash(out), "nothing written");
            }
        } else {
            // A file (export) or a non-empty folder (import) is there already.
            if (command.equals("weights import")) {
                Files.createDirectories(out);
                Files.writeString(out.resolve("notes.txt"), "mine");
            } else {
                Files.writeString(out, "mine");
            }
            String before = OutputSafetyTest.hash(out);
            Captured c = SanetCommandTest.run(args(command, out));
            OutputSafetyTest.refused(c, "--out " + out);
            assertTrue(c.err.contains("--overwrite") || c.err.contains("never overwrites"), c.err);
            assertEquals(before, OutputSafetyTest.hash(out));
        }
    }
}
