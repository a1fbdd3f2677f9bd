package dev.sanet.examples.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command list of the usage help in two groups: the user's commands, then the developer tools
 * (timings and comparisons for work on sanet itself) under their own heading. The root lists the
 * developer tools found below it too ({@code dataset bench}), so {@code sanet --help} shows every
 * one; their names stay those of the CLI contract.
 */
final class CommandGroups implements CommandLine.IHelpSectionRenderer {

    /** The developer tools, by their path below the root. */
    static final Set<String> DEVELOPER_TOOLS =
            Set.of("bench", "dataset bench", "weights compare-backbone");

    /** The heading of the developer tools in the usage help. */
    static final String HEADING = "Developer tools (timings and comparisons for work on sanet):";

    /**
     * Groups the command list of a command line and of every command below it that has subcommands.
     *
     * @param cl the root command line
     */
    static void install(CommandLine cl) {
        if (!cl.getSubcommands().isEmpty()) {
            cl.getHelpSectionMap()
                    .put(
                            CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
                            new CommandGroups());
            for (CommandLine sub : new java.util.LinkedHashSet<>(cl.getSubcommands().values())) {
                install(sub);
            }
        }
    }

    @Override
    public String render(Help help) {
        Map<String, Help> user = new LinkedHashMap<>();
        Map<String, Help> tools = new LinkedHashMap<>();
        boolean root = help.commandSpec().parent() == null;
        for (Map.Entry<String, Help> e : help.subcommands().entrySet()) {
            boolean tool = DEVELOPER_TOOLS.contains(path(e.getValue().commandSpec()));
            (tool ? tools : user).put(e.getKey(), e.getValue());
            if (root) {
                // Developer tools one level down: listed at the root under their full path.
                for (Map.Entry<String, Help> n : e.getValue().subcommands().entrySet()) {
                    String p = path(n.getValue().commandSpec());
                    if (DEVELOPER_TOOLS.contains(p)) {
                        tools.put(p, n.getValue());
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder(table(help, user));
        if (!tools.isEmpty()) {
            sb.append(String.format("%n%s%n", HEADING)).append(table(help, tools));
        }
        return sb.toString();
    }

    /** Names and descriptions in picocli's two columns, the name as the map's key. */
    private static String table(Help help, Map<String, Help> commands) {
        int nameWidth = 0;
        for (Map.Entry<String, Help> e : commands.entrySet()) {
            if (!e.getValue().commandSpec().usageMessage().hidden()) {
                nameWidth = Math.max(nameWidth, e.getKey().length());
            }
        }
        int width = help.commandSpec().usageMessage().width();
        Help.TextTable t =
                Help.TextTable.forColumns(
                        help.colorScheme(),
                        new Help.Column(nameWidth + 4, 2, Help.Column.Overflow.SPAN),
                        new Help.Column(width - nameWidth - 4, 2, Help.Column.Overflow.WRAP));
        for (Map.Entry<String, Help> e : commands.entrySet()) {
            CommandLine.Model.UsageMessageSpec usage = e.getValue().commandSpec().usageMessage();
            if (usage.hidden()) {
                continue;
            }
            String[] lines = usage.header().length > 0 ? usage.header() : usage.description();
            t.addRowValues(
                    help.colorScheme().commandText(e.getKey()),
                    help.colorScheme().text(lines.length > 0 ? lines[0] : ""));
        }
        return t.toString();
    }

    /** A command's names below the root, space-separated: {@code dataset bench}. */
    static String path(CommandSpec spec) {
        String q = spec.qualifiedName(" ");
        int space = q.indexOf(' ');
        return space < 0 ? "" : q.substring(space + 1);
    }
}
