package dev.sanet.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The repository stands alone: what users and contributors read (README.md, docs/, the javadoc and
 * every other file under a module's src/main, scripts/, samples/, the launcher and CI) never points
 * at the developers' notes outside it. Their content lives in docs/ (cli.md, paper-reading.md,
 * pascal-data.md).
 */
class StandAloneDocsTest {

    // Spelled in pieces so that this file does not match itself if a later scan includes tests.
    private static final Pattern OUTSIDE =
            Pattern.compile(
                    String.join(
                            "|",
                            "(^|[^A-Za-z0-9_.-])" + "shared/",
                            "SANET" + "_SPEC",
                            "PASCAL" + "_DATA",
                            "DJL" + "_NOTES",
                            "ENGINES" + "\\.md",
                            "(^|[^A-Za-z0-9_/-])" + "CLI" + "\\.md",
                            "(^|[^A-Za-z])spec/" + "(CLI|SANET|PASCAL)"));

    private static final Set<String> TEXT =
            Set.of(
                    "java",
                    "kt",
                    "kts",
                    "md",
                    "xml",
                    "properties",
                    "py",
                    "sh",
                    "txt",
                    "json",
                    "html",
                    "css",
                    "conf",
                    "yml",
                    "yaml");

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "no README.md above " + Path.of("").toAbsolutePath());
        return dir;
    }

    /** Every file under root, build outputs and hidden folders (.git) skipped, .ci kept. */
    private static List<Path> files(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        Files.walkFileTree(
                root,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) {
                        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                        boolean skip =
                                !dir.equals(root)
                                        && (name.equals("target")
                                                || (name.startsWith(".") && !name.equals(".ci")));
                        return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                        if (a.isRegularFile()) {
                            out.add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
        return out;
    }

    private static boolean scanned(Path root, Path file) {
        String rel = root.relativize(file).toString().replace('\\', '/');
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        boolean text = dot > 0 && TEXT.contains(name.substring(dot + 1));
        return rel.equals("README.md")
                || rel.equals("sanet")
                || rel.equals(".ci/run")
                || (text && rel.startsWith("docs/"))
                || rel.startsWith("scripts/")
                || (text && rel.startsWith("samples/"))
                || (text && rel.matches("[^/]+/src/main/.*"));
    }

    @Test
    void nothingPointsOutsideTheRepository() throws IOException {
        Path root = root();
        List<String> hits = new ArrayList<>();
        int files = 0;
        for (Path f : files(root)) {
            if (!scanned(root, f)) {
                continue;
            }
            files++;
            List<String> lines;
            try {
                lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            } catch (MalformedInputException e) {
                continue; // not text
            }
            for (int i = 0; i < lines.size(); i++) {
                if (OUTSIDE.matcher(lines.get(i)).find()) {
                    hits.add(root.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertTrue(files > 100, "scanned only " + files + " files under " + root);
        assertTrue(
                hits.isEmpty(),
                "these lines point at files outside the repository; write what they need into"
                        + " docs/ and point there:\n"
                        + String.join("\n", hits));
    }

    @Test
    void thePatternCatchesEachKindOfReference() {
        for (String line :
                List.of(
                        "see ../" + "shared/spec/x",
                        "(SANET" + "_SPEC.md section 2.3)",
                        "PASCAL" + "_DATA.md §1.4",
                        "DJL" + "_NOTES.md §13.2",
                        "the contract is `" + "CLI.md`",
                        "ENGINES" + ".md")) {
            assertTrue(OUTSIDE.matcher(line).find(), line);
        }
        for (String line : List.of("docs/cli.md", "[docs/cli.md](docs/cli.md)", "shared_state/x")) {
            assertTrue(!OUTSIDE.matcher(line).find(), line);
        }
    }
}
