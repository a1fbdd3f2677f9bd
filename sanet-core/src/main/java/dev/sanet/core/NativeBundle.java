package dev.sanet.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The native library an engine loads from sanet's Maven dependencies, as the native jar's own
 * properties file names it: {@code mxnet-native-mkl 1.9.1}, {@code pytorch-native-cpu 2.7.1}.
 *
 * <p>Why it matters: the engine's own version call is not the whole truth. The libmxnet inside
 * {@code mxnet-native-mkl} 1.9.1 reports itself as 1.9.0 (the 1.9.1 release left the library's
 * version number alone), so {@code sanet version} prints the artifact and, where they differ, what
 * the library reports.
 *
 * @param artifact the Maven artifact, e.g. {@code mxnet-native-mkl}
 * @param version its version, e.g. {@code 1.9.1} (the build date suffix dropped)
 * @param platform the platform of the library, e.g. {@code linux-x86_64}
 */
public record NativeBundle(String artifact, String version, String platform) {

    private static final Pattern PLATFORM = Pattern.compile("(?:^|-)((?:linux|osx|win)-.+)$");

    /**
     * The bundled native library of an engine, when the engine will load it: absent when none is on
     * the class path, or when {@code MXNET_LIBRARY_PATH}, {@code PYTORCH_LIBRARY_PATH} or a {@code
     * PYTORCH_FLAVOR} other than the jar's points the engine at another library.
     *
     * @param engine DJL's engine name ({@code MXNet}, {@code PyTorch}; any case)
     * @return the bundle, or empty
     */
    public static Optional<NativeBundle> of(String engine) {
        String name = engine.toLowerCase(Locale.ROOT);
        String override =
                switch (name) {
                    case "mxnet" -> System.getenv("MXNET_LIBRARY_PATH");
                    case "pytorch" -> System.getenv("PYTORCH_LIBRARY_PATH");
                    default -> null;
                };
        if (override != null && !override.isBlank()) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in =
                NativeBundle.class.getResourceAsStream("/native/lib/" + name + ".properties")) {
            if (in == null) {
                return Optional.empty();
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Optional<NativeBundle> bundle = parse(name, p);
        String flavor = System.getenv("PYTORCH_FLAVOR");
        if (name.equals("pytorch")
                && flavor != null
                && !flavor.isBlank()
                && bundle.isPresent()
                && !bundle.get().artifact().equals("pytorch-native-" + flavor.trim())) {
            return Optional.empty();
        }
        return bundle;
    }

    /**
     * Reads a native jar's properties file ({@code version=1.9.1-20220812}, {@code
     * classifier=mkl-linux-x86_64}; PyTorch's names its {@code flavor} apart).
     *
     * @param engine the engine's name in lower case, the artifact's prefix
     * @param p the properties
     * @return the bundle, or empty when a key is missing
     */
    static Optional<NativeBundle> parse(String engine, Properties p) {
        String version = p.getProperty("version");
        String classifier = p.getProperty("classifier");
        if (version == null || classifier == null) {
            return Optional.empty();
        }
        Matcher m = PLATFORM.matcher(classifier.trim());
        if (!m.find()) {
            return Optional.empty();
        }
        String platform = m.group(1);
        String flavor = p.getProperty("flavor", classifier.trim().substring(0, m.start()));
        if (flavor.isBlank()) {
            return Optional.empty();
        }
        String v = version.trim();
        int dash = v.indexOf('-');
        return Optional.of(
                new NativeBundle(
                        engine + "-native-" + flavor.trim(),
                        dash < 0 ? v : v.substring(0, dash),
                        platform));
    }

    /**
     * The bundle as {@code sanet version} prints it, with the library's own report where it
     * differs.
     *
     * @param reported the version the engine reports, or null
     * @return e.g. {@code mxnet-native-mkl 1.9.1 (libmxnet reports 1.9.0)} or {@code
     *     pytorch-native-cpu 2.7.1}
     */
    public String describe(@Nullable String reported) {
        String text = artifact + " " + version;
        if (reported == null || reported.equals(version)) {
            return text;
        }
        String library = artifact.startsWith("mxnet") ? "libmxnet" : "libtorch";
        return text + " (" + library + " reports " + reported + ")";
    }
}
