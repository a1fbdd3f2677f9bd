package dev.sanet.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The small argument parser the example programs share: positional values and {@code --key value}
 * options (or {@code --key=value}), plus flags without a value. Every mistake is an {@link
 * IllegalArgumentException} whose message names the example, the option and the bad value.
 *
 * <p>Deliberately tiny: the examples are about the library, not about command-line parsing (the
 * {@code sanet} command uses picocli).
 */
final class ExampleArgs {

    private final String example;
    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> options = new LinkedHashMap<>();

    private ExampleArgs(String example) {
        this.example = example;
    }

    /**
     * Parses the arguments of one example.
     *
     * @param example the example's name, for messages
     * @param args the arguments
     * @param maxPositional how many positional values the example takes
     * @param valueOptions the options that take a value, e.g. {@code --epochs}
     * @param flags the options without a value, e.g. {@code --flip}
     * @return the parsed arguments
     * @throws IllegalArgumentException for an unknown option, a missing value or too many
     *     positional values
     */
    static ExampleArgs parse(
            String example,
            String[] args,
            int maxPositional,
            Set<String> valueOptions,
            Set<String> flags) {
        ExampleArgs a = new ExampleArgs(example);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--")) {
                String key = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (eq > 0) {
                    key = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                if (flags.contains(key)) {
                    if (value != null) {
                        throw a.error(key + " takes no value, got " + arg);
                    }
                    a.options.put(key, "true");
                } else if (valueOptions.contains(key)) {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw a.error(key + " needs a value");
                        }
                        value = args[++i];
                    }
                    a.options.put(key, value);
                } else {
                    Set<String> known = new TreeSet<>(valueOptions);
                    known.addAll(flags);
                    throw a.error(
                            "unknown option "
                                    + key
                                    + (known.isEmpty()
                                            ? ""
                                            : "; expected one of " + String.join(", ", known)));
                }
            } else {
                if (a.positional.size() >= maxPositional) {
                    throw a.error(
                            "unexpected argument '"
                                    + arg
                                    + "': takes at most "
                                    + maxPositional
                                    + " positional value(s)");
                }
                a.positional.add(arg);
            }
        }
        return a;
    }

    /**
     * A positional value as a path.
     *
     * @param index the position, 0-based
     * @param fallback the default
     * @return the path
     */
    Path path(int index, Path fallback) {
        return index < positional.size() ? Path.of(positional.get(index)) : fallback;
    }

    /**
     * An option's value as a path.
     *
     * @param key the option, e.g. {@code --model}
     * @param fallback the default
     * @return the path
     */
    Path path(String key, Path fallback) {
        String v = options.get(key);
        return v == null ? fallback : Path.of(v);
    }

    /**
     * An option's value as text.
     *
     * @param key the option
     * @param fallback the default
     * @return the value
     */
    String string(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }

    /**
     * Whether a flag was given.
     *
     * @param key the flag, e.g. {@code --flip}
     * @return true when present
     */
    boolean flag(String key) {
        return options.containsKey(key);
    }

    /**
     * An option's value as an integer in a range.
     *
     * @param key the option
     * @param fallback the default
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the value
     * @throws IllegalArgumentException naming the option and the value when it is not an integer in
     *     {@code [min, max]}
     */
    int integer(String key, int fallback, int min, int max) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw error(key + " " + v + ": expected an integer in " + min + ".." + max);
        }
        if (n < min || n > max) {
            throw error(key + " " + v + ": expected an integer in " + min + ".." + max);
        }
        return n;
    }

    /**
     * An option's value as a number in a range.
     *
     * @param key the option
     * @param fallback the default
     * @param min the smallest allowed value (exclusive when {@code minExclusive})
     * @param minExclusive whether {@code min} itself is refused
     * @param max the largest allowed value
     * @return the value
     * @throws IllegalArgumentException naming the option and the value when it is not a number in
     *     the range
     */
    double number(String key, double fallback, double min, boolean minExclusive, double max) {
        String v = options.get(key);
        return v == null ? fallback : checkNumber(key, v, min, minExclusive, max);
    }

    /**
     * An option's value as a comma-separated list of numbers in a range.
     *
     * @param key the option, e.g. {@code --scales}
     * @param fallback the default
     * @param min the exclusive lower bound of each value
     * @param max the upper bound of each value
     * @return the values
     * @throws IllegalArgumentException naming the option and the bad value
     */
    List<Double> numbers(String key, List<Double> fallback, double min, double max) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        List<Double> out = new ArrayList<>();
        for (String part : v.split(",", -1)) {
            out.add(checkNumber(key, part, min, true, max));
        }
        return List.copyOf(out);
    }

    private double checkNumber(String key, String v, double min, boolean minExclusive, double max) {
        String range =
                String.format(
                        Locale.ROOT,
                        "expected a number in %s%s, %s]",
                        minExclusive ? "(" : "[",
                        format(min),
                        format(max));
        double d;
        try {
            d = Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw error(key + " " + v + ": " + range);
        }
        boolean ok = (minExclusive ? d > min : d >= min) && d <= max;
        if (!ok) {
            throw error(key + " " + v + ": " + range);
        }
        return d;
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15
                ? Long.toString((long) d)
                : Double.toString(d);
    }

    /**
     * An error for a bad argument of this example.
     *
     * @param message what is wrong, naming the value
     * @return the exception, to throw
     */
    IllegalArgumentException error(String message) {
        return new IllegalArgumentException(example + ": " + message);
    }

    /**
     * Checks that a folder is a saved model (holds {@code sanet.json}).
     *
     * @param label how the message names the folder ({@code --model}, {@code model directory})
     * @param modelDir the folder
     * @return the folder
     * @throws IllegalArgumentException naming the folder and the fix
     */
    Path requireModel(String label, Path modelDir) {
        if (!java.nio.file.Files.isRegularFile(
                modelDir.resolve(dev.sanet.core.SANetModel.METADATA))) {
            throw error(
                    label
                            + " "
                            + modelDir
                            + " has no "
                            + dev.sanet.core.SANetModel.METADATA
                            + ": run TrainExample first or pass the folder it wrote (OUT/model)");
        }
        return modelDir;
    }

    /**
     * Runs an example's {@code main}: prints the usage for {@code --help} or {@code -h}; a bad
     * argument prints one line on standard error and exits with status 2.
     *
     * @param args the command-line arguments
     * @param usage the usage text
     * @param body runs the example
     * @throws Exception what the example throws, other than a bad argument
     */
    static void main(String[] args, String usage, MainBody body) throws Exception {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                System.out.print(usage);
                return;
            }
        }
        try {
            body.run();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + " (--help lists the options)");
            System.exit(2);
        }
    }

    /** The body of an example's {@code main}. */
    @FunctionalInterface
    interface MainBody {
        /**
         * Runs the example.
         *
         * @throws Exception anything but a bad argument is passed on
         */
        void run() throws Exception;
    }
}
