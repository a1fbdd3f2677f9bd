package dev.sanet.examples.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Makes a flag of an option group required on the commands whose group says so: an annotation
 * cannot be required on one command and optional on another, so the group names its required flags
 * ({@link Group#requiredFlags()}) and this marks them on the command, where picocli checks them
 * before any work and shows them as required in the synopsis.
 */
final class RequiredFlags {

    /** An option group with flags that some commands require. */
    interface Group {
        /**
         * The flags this command requires.
         *
         * @return flag names such as {@code --out}; empty when none
         */
        List<String> requiredFlags();
    }

    private RequiredFlags() {}

    /**
     * Marks the required flags of every option group on a command line and the commands below it.
     *
     * @param cl the root command line
     */
    static void install(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        for (Map.Entry<String, CommandSpec> m : spec.mixins().entrySet()) {
            if (m.getValue().userObject() instanceof Group g) {
                for (String flag : g.requiredFlags()) {
                    OptionSpec o = spec.findOption(flag);
                    if (o != null && !o.required()) {
                        spec.remove(o);
                        spec.addOption(o.toBuilder().required(true).build());
                    }
                }
            }
        }
        for (CommandLine sub : new LinkedHashSet<>(cl.getSubcommands().values())) {
            install(sub);
        }
    }
}
