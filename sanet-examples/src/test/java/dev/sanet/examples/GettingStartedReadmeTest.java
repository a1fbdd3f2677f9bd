package dev.sanet.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README shows the getting-started program whole; the build compiles the sample project it
 * comes from. This keeps the two the same text, so what a reader copies from the README compiles.
 */
class GettingStartedReadmeTest {

    @Test
    void readmeShowsTheSampleProgramVerbatim() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("README.md"))) {
            root = root.getParent();
        }
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        Path sample = root.resolve("samples/getting-started/src/main/java/example/Hello.java");
        String program = Files.readString(sample, StandardCharsets.UTF_8).strip();
        assertTrue(
                readme.contains("```java\n" + program + "\n```"),
                "README.md must show " + sample + " whole, in a ```java block: copy it again");
    }
}
