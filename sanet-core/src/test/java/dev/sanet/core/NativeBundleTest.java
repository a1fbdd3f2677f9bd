package dev.sanet.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class NativeBundleTest {
    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void readsBothKindsOfPropertiesFile() {
        assertEquals(
                Optional.of(new NativeBundle("mxnet-native-mkl", "1.9.1", "linux-x86_64")),
                NativeBundle.parse(
                        "mxnet",
                        props("version", "1.9.1-20220812", "classifier", "mkl-linux-x86_64")));
        assertEquals(
                Optional.of(new NativeBundle("pytorch-native-cpu", "2.7.1", "linux-x86_64")),
                NativeBundle.parse(
                        "pytorch",
                        props(
                                "version", "2.7.1-20250812",
                                "flavor", "cpu",
                                "classifier", "linux-x86_64")));
        assertEquals(Optional.empty(), NativeBundle.parse("mxnet", props("version", "1.9.1")));
    }

    @Test
    void describeNamesTheArtifactAndWhatTheLibraryReportsWhenItDiffers() {
        NativeBundle mx = new NativeBundle("mxnet-native-mkl", "1.9.1", "linux-x86_64");
        assertEquals("mxnet-native-mkl 1.9.1 (libmxnet reports 1.9.0)", mx.describe("1.9.0"));
        assertEquals("mxnet-native-mkl 1.9.1", mx.describe("1.9.1"));
        NativeBundle pt = new NativeBundle("pytorch-native-cpu", "2.7.1", "linux-x86_64");
        assertEquals("pytorch-native-cpu 2.7.1", pt.describe("2.7.1"));
    }

    @Test
    void theBundledJarsAreTheOnesThePomPins() {
        // The test class path holds the engines' native jars, as every sanet application's does.
        NativeBundle mx = NativeBundle.of("MXNet").orElseThrow();
        assertEquals("mxnet-native-mkl", mx.artifact());
        assertEquals("1.9.1", mx.version());
        NativeBundle pt = NativeBundle.of("PyTorch").orElseThrow();
        assertEquals("pytorch-native-cpu 2.7.1", pt.describe("2.7.1"));
        // MXNet 1.9.1's library calls itself 1.9.0: the printed text says both.
        String reported = RuntimeInfo.current("mxnet", false).engineVersion();
        assertTrue(mx.describe(reported).startsWith("mxnet-native-mkl 1.9.1"), reported);
        assertEquals("1.9.0", reported);
    }
}
