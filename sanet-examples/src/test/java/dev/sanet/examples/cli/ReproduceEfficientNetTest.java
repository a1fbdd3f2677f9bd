package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sanet.core.SANet;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import dev.sanet.examples.cli.reproduce.Experiment;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code sanet reproduce} with an EfficientNet backbone (issue 25): the EfficientNet option shared
 * with train, the header and JSON that describe an EfficientNet (no base width), the mistakes
 * caught before any work, and one tiny generated run.
 */
class ReproduceEfficientNetTest {

    @Test
    void theConventionIsOneDeclarationSharedWithTrainInfoAndBench() throws Exception {
        Field shared = EfficientNetConventionOption.class.getDeclaredField("name");
        CommandLine root = new CommandLine(new SanetCommand());
        for (String command : List.of("train", "info", "bench", "reproduce")) {
            OptionSpec o =
                    root.getSubcommands()
                            .get(command)
                            .getCommandSpec()
                            .findOption("--efficientnet-convention");
            assertNotNull(o, command + " lacks --efficientnet-convention");
            assertEquals(shared, o.userObject(), command + " declares it itself");
        }
    }

    @Test
    void theHelpNamesTheEfficientNetRowsDefaultImageCount() {
        CommandLine reproduce =
                new CommandLine(new SanetCommand()).getSubcommands().get("reproduce");
        String images = reproduce.getCommandSpec().findOption("--images").description()[0];
        assertTrue(
                images.contains("EfficientNet " + Experiment.EFFICIENTNET_TABLE2.images() + ")"),
                images);
    }

    @Test
    void mistakesAreOneLineBeforeAnyWork(@TempDir Path dir) {
        Path out = dir.resolve("out");
        Captured convention =
                SanetCommandTest.run(
                        "reproduce",
                        "table2",
                        "--synthetic",
                        "--backbone",
                        "efficientnet-b7",
                        "--efficientnet-convention",
                        "keras",
                        "--out",
                        out.toString());
        assertEquals(2, convention.status, convention.err);
        assertEquals(1, convention.err.strip().lines().count(), convention.err);
        assertTrue(convention.err.contains("--efficientnet-convention"), convention.err);
        assertTrue(convention.err.contains("keras"), convention.err);
        Captured width =
                SanetCommandTest.run(
                        "reproduce",
                        "table2",
                        "--synthetic",
                        "--backbone",
                        "efficientnet-b7",
                        "--base-width",
                        "16",
                        "--out",
                        out.toString());
        assertEquals(2, width.status, width.err);
        assertEquals(1, width.err.strip().lines().count(), width.err);
        assertTrue(
                width.err.contains("--base-width 16: efficientnet-b7 has no base width"),
                width.err);
        Path missing = dir.resolve("no-such-context");
        Captured data =
                SanetCommandTest.run(
                        "reproduce",
                        "table2",
                        "--backbone",
                        "efficientnet-b7",
                        "--data",
                        missing.toString(),
                        "--out",
                        out.toString());
        assertEquals(2, data.status, data.err);
        assertEquals(1, data.err.strip().lines().count(), data.err);
        assertTrue(data.err.contains("--data") && data.err.contains(missing.toString()), data.err);
        assertFalse(Files.exists(out), "nothing written before the checks pass");
    }

    @Test
    void aTinyEfficientNetRowIsDescribedByItsScaleAndConvention(@TempDir Path dir)
            throws Exception {
        Captured c =
                SanetCommandTest.run(
                        "reproduce",
                        "table2",
                        "--synthetic",
                        "--backbone",
                        "efficientnet-b0",
                        "--efficientnet-convention",
                        "tf",
                        "--images",
                        "10",
                        "--image-size",
                        "32",
                        "--batch",
                        "8",
                        "--epochs",
                        "1",
                        "--json",
                        "--out",
                        dir.toString());
        assertEquals(0, c.status, c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        JsonObject setup = o.getAsJsonObject("setup");
        assertFalse(setup.has("baseWidth"), "an EfficientNet has no base width: " + setup);
        assertEquals("tf", setup.get("efficientNetConvention").getAsString());
        assertEquals(10, o.get("images").getAsInt());
        JsonObject row = o.getAsJsonArray("rows").get(0).getAsJsonObject();
        assertEquals("SANet-EfficientNet-B0", row.get("name").getAsString());
        assertTrue(o.get("note").getAsString().contains("synthetic run at reduced size"));
        String md = Files.readString(dir.resolve("table2.md"));
        assertTrue(
                md.contains(
                        "EfficientNet-B0 at full size (compound scaling: widths x1.0, depths"
                                + " x1.0; no base width), tf convention"),
                md);
        assertFalse(md.contains("base width 16"), md);
        assertTrue(md.contains("| SANet-EfficientNet-B0 (ours, synthetic) |"), md);
        // The trained model is the EfficientNet asked for: TF padding, output stride 8.
        Path model = dir.resolve("table2-runs/SANet-EfficientNet-B0/model");
        JsonObject arch =
                JsonParser.parseString(Files.readString(model.resolve("sanet.json")))
                        .getAsJsonObject()
                        .getAsJsonObject("architecture");
        SANet def = SANet.fromJson(arch);
        assertEquals("efficientnet-b0", def.backbone().cliName());
        assertEquals("tf", def.efficientNetConvention().cliName());
        assertEquals(8, def.outputStride());
    }
}
