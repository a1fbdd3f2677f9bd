package dev.sanet.core.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Output names for input files, one distinct name per input, so that two inputs never write the
 * same output (for instance {@code a.jpg} and {@code a.png}, both of which would otherwise become
 * {@code a.png}).
 *
 * <p>The rule, applied by {@link #distinct}:
 *
 * <ol>
 *   <li>An input's <em>stem</em> is its file name without the last extension: {@code a.jpg} gives
 *       {@code a}, {@code b.tar.gz} gives {@code b.tar}; a name without a dot, or whose only dot is
 *       the first character, is its own stem.
 *   <li>Stems are compared ignoring case, so that names stay distinct on case-insensitive file
 *       systems too. An input whose stem no other input shares, and which is not reserved, keeps
 *       its stem.
 *   <li>Inputs that share a stem, or whose stem is reserved, get {@code STEM_EXT}, the extension as
 *       written without its dot: {@code a.jpg} and {@code a.png} become {@code a_jpg} and {@code
 *       a_png}. An input without an extension keeps its stem.
 *   <li>A name from step 3 that is still taken (by a kept stem, such as an input named {@code
 *       a_jpg.png}, or by an earlier name from step 3, such as {@code a.JPG} beside {@code a.jpg})
 *       gets the first free suffix {@code _2}, {@code _3}, ... in input order. Kept stems are never
 *       changed by this step.
 * </ol>
 *
 * <p>The result depends only on the inputs' order and names, so the same inputs always get the same
 * names.
 */
public final class OutputNames {

    private OutputNames() {}

    /**
     * An input's stem: its file name without the last extension.
     *
     * @param file a file path
     * @return the stem ({@code a} for {@code dir/a.jpg})
     */
    public static String stem(Path file) {
        String n = name(file);
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /**
     * Distinct output names for the inputs, by the rule in the class description.
     *
     * @param inputs the input files, in the order they are processed
     * @param reserved names the caller writes itself (such as {@code legend}), compared ignoring
     *     case; an input whose stem is reserved is renamed as if it collided
     * @return one name per input, in input order, pairwise distinct ignoring case, none reserved
     */
    public static List<String> distinct(List<Path> inputs, Collection<String> reserved) {
        Set<String> taken = new HashSet<>();
        for (String r : reserved) {
            taken.add(key(r));
        }
        Map<String, Integer> counts = new HashMap<>();
        for (Path p : inputs) {
            counts.merge(key(stem(p)), 1, Integer::sum);
        }
        String[] names = new String[inputs.size()];
        List<Integer> renamed = new ArrayList<>();
        Set<String> kept = new HashSet<>();
        for (int i = 0; i < names.length; i++) {
            String s = stem(inputs.get(i));
            String k = key(s);
            if (counts.get(k) == 1 && !taken.contains(k)) {
                names[i] = s;
                kept.add(k);
            } else {
                renamed.add(i);
            }
        }
        taken.addAll(kept);
        for (int i : renamed) {
            Path p = inputs.get(i);
            String s = stem(p);
            String n = name(p);
            String base = s.length() < n.length() ? s + "_" + n.substring(s.length() + 1) : s;
            String candidate = base;
            for (int suffix = 2; taken.contains(key(candidate)); suffix++) {
                candidate = base + "_" + suffix;
            }
            names[i] = candidate;
            taken.add(key(candidate));
        }
        return List.of(names);
    }

    private static String name(Path file) {
        Path n = file.getFileName();
        return n == null ? file.toString() : n.toString();
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
