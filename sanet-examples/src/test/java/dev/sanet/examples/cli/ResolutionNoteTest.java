package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sanet.core.inference.Protocol;
import org.junit.jupiter.api.Test;

/** The note of {@code sanet predict} for an image far from the model's training size. */
class ResolutionNoteTest {

    private static final Protocol MODEL = Protocol.builder().baseSize(96).cropSize(96).build();

    @Test
    void atTheDefaultsAFarImageGetsOneNoteNamingTheFlagThatKeepsItsResolution() {
        ResolutionNote note = new ResolutionNote(96, MODEL);
        assertNull(note.note("near.png", 160, 120), "within 2x of 96: no note");
        String line = note.note("photo.jpg", 3000, 2000);
        assertTrue(line != null && line.contains("photo.jpg is 3000x2000"), line);
        assertTrue(line.contains("31.3x") && line.contains("--base-size 0"), line);
        assertNull(note.note("other.jpg", 640, 480), "said once per run");
        String summary = note.summary(3);
        assertTrue(summary != null && summary.contains("2 of 3 images"), summary);
        assertFalse(note.boundMatters(), "scaled to 96 anyway: --max-side changes nothing");
    }

    @Test
    void atTheImagesOwnResolutionAFarImageIsWarnedAbout() {
        ResolutionNote note = new ResolutionNote(96, MODEL.withSizes(0, 96));
        String line = note.note("photo.jpg", 640, 480);
        assertTrue(line != null && line.contains("6.7x the model's training size"), line);
        assertTrue(line.contains("drop --base-size 0"), line);
        assertTrue(note.boundMatters());
        assertNull(new ResolutionNote(96, MODEL.withSizes(0, 96)).note("a.png", 100, 90));
    }

    @Test
    void anExplicitBaseSizeGetsNoNote() {
        assertNull(new ResolutionNote(96, MODEL.withSizes(520, 96)).note("p.jpg", 3000, 2000));
    }
}
