package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InfoAndBenchCommandTest {

    @Test
    void infoJsonHasTheContractFieldsAndConsistentComponents() {
        Captured c =
                SanetCommandTest.run(
                        "info",
                        "--backbone",
                        "resnet18",
                        "--classes",
                        "3",
                        "--size",
                        "64",
                        "--base-width",
                        "8",
                        "--json");
        assertEquals(0, c.status, c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        assertEquals("sanet", o.get("variant").getAsString());
        assertEquals("resnet18", o.get("backbone").getAsString());
        assertEquals(3, o.get("numClasses").getAsInt());
        assertEquals("[1,3,64,64]", o.get("inputShape").toString());
        long params = o.get("params").getAsLong();
        long sum = 0;
        for (var e : o.getAsJsonObject("components").entrySet()) {
            sum += e.getValue().getAsLong();
        }
        assertEquals(params, sum);
        assertTrue(o.get("macs").getAsLong() > 0);
        assertTrue(o.getAsJsonObject("components").has("sa4"));
    }

    @Test
    void infoReportsTheBackboneVariant() {
        Captured c =
                SanetCommandTest.run(
                        "info",
                        "--backbone",
                        "resnet50",
                        "--stem",
                        "standard",
                        "--size",
                        "64",
                        "--json");
        assertEquals(0, c.status, c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        assertEquals("standard", o.get("stem").getAsString());
        assertFalse(o.get("avgDown").getAsBoolean());
        // torchvision's ResNet50 without its classifier.
        assertEquals(23_508_032L, o.getAsJsonObject("components").get("backbone").getAsLong());
        Captured d =
                SanetCommandTest.run(
                        "info",
                        "--backbone",
                        "resnet152",
                        "--stem",
                        "deep32",
                        "--avg-down",
                        "--size",
                        "64",
                        "--base-width",
                        "8");
        assertEquals(0, d.status, d.err);
        assertTrue(
                d.out.contains(
                        "backbone: the deep 4-4-8 stem, average-pool projection shortcuts (the"
                                + " layout of GluonCV's resnet152_v1d)"),
                d.out);
    }

    @Test
    void fcnInfoHasFewerParametersThanSanet() {
        long sanet = params("sanet");
        long fcn = params("fcn");
        long fcnSe = params("fcn-se");
        assertTrue(fcn < sanet, fcn + " < " + sanet);
        assertTrue(fcn < fcnSe, fcn + " < " + fcnSe);
    }

    private static long params(String variant) {
        Captured c =
                SanetCommandTest.run(
                        "info",
                        "--backbone",
                        "resnet18",
                        "--size",
                        "64",
                        "--base-width",
                        "8",
                        "--variant",
                        variant,
                        "--json");
        assertEquals(0, c.status, c.err);
        return JsonParser.parseString(c.out).getAsJsonObject().get("params").getAsLong();
    }

    // A message given as parts (a && b) must hold each: a builder's range reads in its own words
    // until the builder throws SettingException, and as the flag's line after.
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "info --backbone resnet200 | --backbone: unknown backbone 'resnet200'",
                "info --stem deep48 | --stem: unknown stem 'deep48'",
                "info --size 16 | --size 16: expected an integer in 32..4096",
                "info --heads 7 | heads && 7 && 0..4",
                "info --variant deeplab | --variant: unknown variant 'deeplab'",
                "info --base-width 12 | width && 12 && multiple of 8",
                "bench --mode fly | unknown --mode 'fly': use --mode infer or --mode train",
                "bench --iters 0 | --iters 0: expected an integer in 1..1000000",
            })
    void userMistakesAreOneLineAndStatusTwo(String args, String message) {
        Captured c = SanetCommandTest.run(args.split(" "));
        assertEquals(SanetCommand.EXIT_USAGE, c.status, c.err);
        assertEquals(1, c.err.strip().lines().count(), c.err);
        for (String part : message.split(" && ")) {
            assertTrue(c.err.contains(part), c.err);
        }
        assertEquals("", c.out);
    }

    @ParameterizedTest
    @CsvSource({"infer", "train"})
    void benchReportsTimesAndMemory(String mode) {
        Captured c =
                SanetCommandTest.run(
                        "bench",
                        "--backbone",
                        "resnet18",
                        "--base-width",
                        "8",
                        "--classes",
                        "3",
                        "--size",
                        "64",
                        "--mode",
                        mode,
                        "--iters",
                        "3",
                        "--warmup",
                        "1",
                        "--batch",
                        "2",
                        "--json");
        assertEquals(0, c.status, c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        assertEquals(mode, o.get("mode").getAsString());
        assertEquals("resnet18", o.get("backbone").getAsString());
        assertEquals(64, o.get("size").getAsInt());
        assertEquals(2, o.get("batch").getAsInt());
        JsonObject ms = o.getAsJsonObject("msPerIter");
        double min = ms.get("min").getAsDouble();
        double median = ms.get("median").getAsDouble();
        double max = ms.get("max").getAsDouble();
        assertTrue(min > 0 && min <= median && median <= max, ms.toString());
        // Both figures are rounded to 2 decimals in the JSON: compare within 1%.
        double expected = 2 * 1000 / median;
        assertEquals(expected, o.get("imagesPerSecond").getAsDouble(), expected * 0.01);
        assertTrue(o.get("peakRssMiB").getAsDouble() > 0);
        assertEquals("MXNet", o.get("engine").getAsString());
        assertTrue(o.get("threads").getAsInt() >= 1);
        assertTrue(c.err.contains("bench: pass 3/3"), c.err);
    }
}
