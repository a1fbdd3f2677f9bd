package dev.sanet.examples.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtException;
import dev.sanet.core.inference.UnreadableImageException;
import dev.sanet.data.InputImages;
import dev.sanet.onnx.quantize.CalibrationImages;
import dev.sanet.onnx.quantize.Int8Quantizer;
import dev.sanet.onnx.quantize.Int8Result;
import dev.sanet.onnx.quantize.MaskAgreement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The int8 step of {@code sanet export onnx --int8 --calibration IMAGES}: checks the flags before
 * any work, quantises the float graph with ranges from the calibration images ({@link
 * Int8Quantizer}) and scores the int8 masks against the float masks on the same images ({@link
 * MaskAgreement}), the accuracy figure the command reports.
 */
final class OnnxInt8Step {
    private final Path folder;
    private final List<Path> images;

    private OnnxInt8Step(Path folder, List<Path> images) {
        this.folder = folder;
        this.images = images;
    }

    /**
     * Checks {@code --int8} and {@code --calibration} together.
     *
     * @param int8 whether {@code --int8} was given
     * @param calibration the {@code --calibration} folder, or null
     * @return the step, or null for a float export
     * @throws UserException when one flag comes without the other, the folder is missing or it
     *     holds no image
     */
    static @Nullable OnnxInt8Step check(boolean int8, @Nullable Path calibration) {
        if (!int8) {
            if (calibration != null) {
                throw new UserException(
                        "--calibration "
                                + calibration
                                + " is only read with --int8: add --int8 or drop --calibration");
            }
            return null;
        }
        if (calibration == null) {
            throw new UserException(
                    "--int8 needs --calibration IMAGES: a folder of typical images of the task"
                            + " (a few dozen), whose activation ranges set the int8 scales");
        }
        InputChecks.folder(
                "--calibration", calibration, "give a folder of PNG, JPEG or BMP images");
        List<Path> images;
        try {
            images = InputImages.list(calibration);
        } catch (IOException e) {
            throw new UserException("--calibration " + calibration + ": " + e.getMessage(), e);
        }
        if (images.isEmpty()) {
            throw new UserException(
                    "--calibration "
                            + calibration
                            + ": no images in the folder (.png, .jpg, .jpeg, .bmp): put a few"
                            + " dozen typical images of the task there");
        }
        return new OnnxInt8Step(calibration, images);
    }

    /** The quantised model and its agreement with the float model on the calibration images. */
    record Outcome(Int8Result result, MaskAgreement agreement) {}

    /**
     * Quantises the float graph and measures the agreement.
     *
     * @param floatModel the exported float graph
     * @return the int8 graph, its report and its agreement
     * @throws OrtException when ONNX Runtime cannot run a graph
     * @throws UserException when a calibration file is not a complete image
     */
    Outcome run(ModelProto floatModel) throws OrtException {
        CalibrationImages inputs = CalibrationImages.of(floatModel, images);
        try {
            Int8Result r = Int8Quantizer.builder().build().quantize(floatModel, inputs);
            MaskAgreement a = MaskAgreement.measure(floatModel, r.model(), inputs, 0);
            return new Outcome(r, a);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof UnreadableImageException u) {
                throw new UserException(
                        "--calibration "
                                + u.getMessage()
                                + ": remove it from "
                                + folder
                                + " or replace it",
                        u);
            }
            throw e;
        }
    }

    /**
     * The JSON object of the int8 step.
     *
     * @param o the outcome
     * @return quantised and float nodes, calibration images, the masks' agreement
     */
    static Map<String, Object> json(Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quantizedNodes", o.result().report().quantizedNodes().size());
        m.put("floatNodes", o.result().report().floatNodes());
        m.put("removedRelus", o.result().report().removedRelus());
        m.put("calibrationImages", o.result().report().calibrationInputs());
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("pixelAgreement", o.agreement().pixelAgreement());
        a.put("meanIoU", o.agreement().meanIoU());
        a.put("pixels", o.agreement().pixels());
        m.put("maskAgreement", a);
        return m;
    }
}
