package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.sanet.core.settings.SettingException;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The option groups (issue 23): a setting out of range is named by the flag of the command that
 * failed, {@code --json} is one declaration with one behaviour, and the usage help lists the
 * developer tools apart.
 */
class OptionGroupsTest {

    @TempDir Path tmp;

    /** Every command line below the root, the root included. */
    private static List<CommandLine> commands() {
        List<CommandLine> all = new ArrayList<>();
        collect(new CommandLine(new SanetCommand()), all);
        return all;
    }

    private static void collect(CommandLine c, List<CommandLine> all) {
        all.add(c);
        for (CommandLine sub : new java.util.LinkedHashSet<>(c.getSubcommands().values())) {
            collect(sub, all);
        }
    }

    // ------------------------------------------------------------------ settings -> flags

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // Protocol's range, through eval's protocol flags (checked before the model).
                "eval --model M --dataset voc --base-size -3 | --base-size -3: expected in"
                        + " 0..16384",
                "eval --model M --dataset voc --crop 20000 | --crop 20000: expected in 0..16384",
                "eval --model M --dataset voc --max-side 4 | --max-side 4: expected 0 (no bound)",
                // Resolution's range, through dataset bench's --base and --crop.
                "dataset bench --crop 5 | --crop 5: expected in 8..4096",
                "dataset bench --base 5 | --base 5: expected in 8..4096",
                // Protocol's scales, through reproduce's --scales.
                "reproduce table1 --synthetic --scales 1,9 | --scales 9.0: expected in (0, 4]",
            })
    void aSettingOutOfRangeIsNamedByTheFlagOfTheCommand(String args, String line) {
        List<String> a = new ArrayList<>();
        for (String s : args.split(" ")) {
            a.add(s.equals("M") ? tmp.resolve("no-model").toString() : s);
        }
        if (a.get(0).equals("reproduce")) {
            a.add("--out");
            a.add(tmp.resolve("out").toString());
        }
        Captured c = SanetCommandTest.run(a.toArray(String[]::new));
        assertEquals(SanetCommand.EXIT_USAGE, c.status, c.err);
        assertEquals(1, c.err.strip().lines().count(), c.err);
        assertTrue(c.err.startsWith("sanet: " + line), c.err);
        assertEquals("", c.out);
    }

    @Test
    void settingNamesBecomeFlagsByOneRuleWithOverrides() {
        assertEquals(List.of("--head-kernel"), SettingFlags.candidates("headKernel"));
        assertEquals(List.of("--max-side"), SettingFlags.candidates("maxSide"));
        assertEquals(List.of("--lr", "--learning-rate"), SettingFlags.candidates("learningRate"));
        assertEquals(List.of("--base-size", "--base"), SettingFlags.candidates("baseSize"));
        assertEquals(List.of("--crop", "--crop-size"), SettingFlags.candidates("cropSize"));
        assertEquals(List.of("--base-width", "--width"), SettingFlags.candidates("width"));
    }

    @Test
    void aSettingTheCommandHasNoFlagForKeepsTheLibrarysWords() {
        SettingException e = new SettingException("poolRatio", 0, "in 1..64");
        StringWriter w = new StringWriter();
        CommandLine info = new CommandLine(new SanetCommand()).getSubcommands().get("info");
        int status = CliRoot.report(e, new PrintWriter(w), false, info.getCommandSpec(), "sanet");
        assertEquals(SanetCommand.EXIT_USAGE, status);
        assertEquals("sanet: poolRatio must be in 1..64, got 0", w.toString().strip());
        StringWriter h = new StringWriter();
        CliRoot.report(
                new SettingException("heads", 7, "in 0..4"),
                new PrintWriter(h),
                false,
                info.getCommandSpec(),
                "sanet");
        assertEquals("sanet: --heads 7: expected in 0..4", h.toString().strip());
    }

    // ------------------------------------------------------------------ --json

    @Test
    void jsonIsOneDeclarationWithOneTextOnEveryCommandThatHasIt() throws Exception {
        // predict and demo are being rewritten elsewhere; they keep their own declaration for now.
        Set<String> own = Set.of("sanet predict", "sanet demo");
        Field shared = JsonOption.class.getDeclaredField("json");
        int withJson = 0;
        for (CommandLine c : commands()) {
            OptionSpec o = c.getCommandSpec().findOption("--json");
            String name = c.getCommandSpec().qualifiedName(" ");
            if (o == null) {
                continue;
            }
            withJson++;
            assertEquals(boolean.class, o.type(), name);
            assertEquals("Print one JSON object on standard output.", o.description()[0], name);
            if (!own.contains(name)) {
                assertEquals(shared, o.userObject(), name + " declares --json itself");
            }
        }
        assertTrue(withJson >= 16, "commands with --json: " + withJson);
    }

    @Test
    void jsonPrintsOneObjectOnStandardOutputAndAFailureNothingThere() {
        Path out = tmp.resolve("synth");
        for (String[] args :
                List.of(
                        new String[] {"version", "--json"},
                        new String[] {
                            "info",
                            "--backbone",
                            "resnet18",
                            "--size",
                            "64",
                            "--base-width",
                            "8",
                            "--json"
                        },
                        new String[] {
                            "synth",
                            "--format",
                            "voc",
                            "--out",
                            out.toString(),
                            "--images",
                            "2",
                            "--size",
                            "32x32",
                            "--json"
                        })) {
            Captured c = SanetCommandTest.run(args);
            assertEquals(0, c.status, c.err);
            assertTrue(JsonParser.parseString(c.out).isJsonObject(), c.out);
            assertTrue(c.out.strip().startsWith("{") && c.out.strip().endsWith("}"), c.out);
        }
        Captured bad =
                SanetCommandTest.run(
                        "eval",
                        "--model",
                        tmp.resolve("none").toString(),
                        "--dataset",
                        "voc",
                        "--base-size",
                        "-3",
                        "--json");
        assertEquals(SanetCommand.EXIT_USAGE, bad.status);
        assertEquals("", bad.out);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "synth --format voc | --out=DIR",
                "pretrain --data D | --out=DIR",
                "train | --dataset=D",
                "eval --model M | --dataset=D",
                "dataset stats | --dataset=D",
            })
    void aGroupsFlagIsRequiredWhereTheCommandSaysSo(String args, String flag) {
        Captured c = SanetCommandTest.run(args.split(" "));
        assertEquals(SanetCommand.EXIT_USAGE, c.status, c.err);
        assertTrue(c.err.contains("Missing required option: '" + flag + "'"), c.err);
        assertEquals("", c.out);
    }

    @Test
    void aGroupsFlagStaysOptionalWhereTheCommandHasADefault() {
        CommandLine root = new CommandLine(new SanetCommand());
        RequiredFlags.install(root);
        assertFalse(
                root.getSubcommands().get("train").getCommandSpec().findOption("--out").required());
        assertTrue(
                root.getSubcommands().get("synth").getCommandSpec().findOption("--out").required());
        CommandLine bench = root.getSubcommands().get("dataset").getSubcommands().get("bench");
        assertFalse(bench.getCommandSpec().findOption("--dataset").required());
    }

    // ------------------------------------------------------------------ help

    @Test
    void theHelpListsTheDeveloperToolsApart() {
        Captured c = SanetCommandTest.run("--help");
        assertEquals(0, c.status, c.err);
        int heading = c.out.indexOf(CommandGroups.HEADING);
        assertTrue(heading > 0, c.out);
        String users = c.out.substring(c.out.indexOf("Commands:"), heading);
        String tools = c.out.substring(heading);
        for (String t : List.of("bench", "dataset bench", "weights compare-backbone")) {
            assertTrue(tools.contains("\n  " + t + " "), t + " under the heading: " + c.out);
        }
        assertFalse(users.contains("\n  bench "), "bench among the user's commands: " + c.out);
        for (String u : List.of("train", "eval", "predict", "dataset", "weights")) {
            assertTrue(users.contains("\n  " + u + " "), u + ": " + c.out);
        }
        Captured w = SanetCommandTest.run("weights", "--help");
        String wt = w.out.substring(w.out.indexOf(CommandGroups.HEADING));
        assertTrue(wt.contains("compare-backbone"), w.out);
        assertFalse(
                w.out.substring(0, w.out.indexOf(CommandGroups.HEADING))
                        .contains("compare-backbone"),
                w.out);
    }

    @Test
    void eachCommandKeepsItsOwnHelpTextForASharedFlag() {
        CommandLine root = new CommandLine(new SanetCommand());
        OptionSpec trainOut =
                root.getSubcommands().get("train").getCommandSpec().findOption("--out");
        assertNotNull(trainOut);
        assertEquals(
                "Run folder: checkpoints, metrics, curve, model (default: runs/DATASET).",
                trainOut.description()[0]);
        OptionSpec synthOut =
                root.getSubcommands().get("synth").getCommandSpec().findOption("--out");
        assertEquals("Output root folder (created).", synthOut.description()[0]);
        Captured r = SanetCommandTest.run("reproduce", "--help");
        assertTrue(r.out.contains("(default: reproductions)"), r.out);
    }
}
