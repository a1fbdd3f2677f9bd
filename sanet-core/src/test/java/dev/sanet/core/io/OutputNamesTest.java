package dev.sanet.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutputNamesTest {

    private static List<String> names(Set<String> reserved, String... files) {
        return OutputNames.distinct(
                java.util.Arrays.stream(files).map(f -> Path.of("in", f)).toList(), reserved);
    }

    @Test
    void uniqueStemsAreKept() {
        assertEquals(List.of("a", "b", "c.tar"), names(Set.of(), "a.jpg", "b.png", "c.tar.gz"));
        assertEquals(List.of(".hidden", "plain"), names(Set.of(), ".hidden", "plain"));
    }

    @Test
    void sharedStemsGetTheirExtension() {
        assertEquals(List.of("a_jpg", "a_png", "b"), names(Set.of(), "a.jpg", "a.png", "b.bmp"));
    }

    @Test
    void stemsAreComparedIgnoringCase() {
        assertEquals(List.of("A_png", "a_jpg"), names(Set.of(), "A.png", "a.jpg"));
    }

    @Test
    void reservedStemsAreRenamed() {
        assertEquals(List.of("legend_png", "x"), names(Set.of("legend"), "legend.png", "x.png"));
    }

    @Test
    void keptStemsWinOverRenamedOnesAndLeftoversGetNumbers() {
        // a_jpg.png keeps its stem; a.jpg's renamed stem collides with it and gets _2.
        assertEquals(
                List.of("a_jpg_2", "a_png", "a_jpg"),
                names(Set.of(), "a.jpg", "a.png", "a_jpg.png"));
        // Same extension in two cases: the second of the pair gets the suffix.
        assertEquals(List.of("a_jpg", "a_JPG_2"), names(Set.of(), "a.jpg", "a.JPG"));
        assertEquals(List.of("a", "a_png"), names(Set.of(), "a", "a.png"));
    }

    @Test
    void stemDropsOnlyTheLastExtension() {
        assertEquals("photo.v2", OutputNames.stem(Path.of("dir/photo.v2.jpeg")));
        assertEquals("noext", OutputNames.stem(Path.of("noext")));
    }
}
