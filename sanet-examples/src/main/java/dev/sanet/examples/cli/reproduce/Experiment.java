package dev.sanet.examples.cli.reproduce;

import dev.sanet.core.Backbone;
import dev.sanet.data.SyntheticWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The paper's experiments that {@code sanet reproduce} runs, with what each writes and its
 * defaults: the synthetic mode's epochs and time cap per row (chosen so that each experiment ends
 * within 10 minutes on two CPU cores; the epoch count binds, so that rows compare at equal
 * training, the cap is a safety net), the real mode's dataset and epochs (the paper's recipe,
 * docs/paper-reading.md section 4). Table 2 with an EfficientNet backbone has its own synthetic
 * size, {@link #EFFICIENTNET_TABLE2}.
 */
public enum Experiment {
    /** Table 1: the ResNet50 ablation on Context. */
    TABLE1(Backbone.RESNET50, "context59", SyntheticWriter.Format.VOC, 10, 115, 20),
    /** Table 2: SANet-ResNet101 on Context, 59 and 60 classes. */
    TABLE2(Backbone.RESNET101, "context59", SyntheticWriter.Format.CONTEXT, 25, 450, 80),
    /** Table 3: FCN, FCN-SE and SANet with ResNet50 and ResNet101, PAcc and mIoU. */
    TABLE3(null, "context59", SyntheticWriter.Format.VOC, 8, 90, 20),
    /** Table 4: SANet-ResNet101 on VOC, per-class IoU. */
    TABLE4(Backbone.RESNET101, "voc-aug", SyntheticWriter.Format.VOC, 25, 450, 80),
    /** Table 6: parameters and MACs with ResNet101; trains nothing. */
    TABLE6(Backbone.RESNET101, "", SyntheticWriter.Format.VOC, 0, 0, 0),
    /** Figure 4: the alpha and beta sweeps. */
    FIGURE4(Backbone.RESNET50, "context59", SyntheticWriter.Format.VOC, 5, 50, 20);

    /** The backbones Table 3 runs unless told otherwise. */
    public static final List<Backbone> TABLE3_BACKBONES =
            List.of(Backbone.RESNET50, Backbone.RESNET101);

    /**
     * Table 2's synthetic size with an EfficientNet backbone. The B7 has no base width to shrink
     * (about 62M parameters in the backbone at any input size): the images stay at 64x64, where the
     * task's shapes and textures show (at 32x32 with 12 images, 21 epochs reached 1.5 mIoU on 2
     * validation images), and the run is made small by its image count, batch and epochs instead;
     * Adam at 0.001, half the other rows' (at 0.002 the validation mIoU swung from 3.3 to 9.6
     * between epochs; docs/reproduction.md, "Table 2").
     */
    public static final SyntheticDefaults EFFICIENTNET_TABLE2 =
            new SyntheticDefaults(60, 64, 4, 0.001, 6, 450);

    private final @Nullable Backbone paperBackbone;
    private final String realDataset;
    private final SyntheticWriter.Format syntheticFormat;
    private final int syntheticEpochs;
    private final double syntheticSeconds;
    private final int realEpochs;

    Experiment(
            @Nullable Backbone paperBackbone,
            String realDataset,
            SyntheticWriter.Format syntheticFormat,
            int syntheticEpochs,
            double syntheticSeconds,
            int realEpochs) {
        this.paperBackbone = paperBackbone;
        this.realDataset = realDataset;
        this.syntheticFormat = syntheticFormat;
        this.syntheticEpochs = syntheticEpochs;
        this.syntheticSeconds = syntheticSeconds;
        this.realEpochs = realEpochs;
    }

    /**
     * The experiment of a name.
     *
     * @param name {@code table1}, {@code table2}, {@code table3}, {@code table4}, {@code table6} or
     *     {@code figure4} (case-insensitive)
     * @return the experiment
     * @throws IllegalArgumentException naming the value and the names when it is unknown
     */
    public static Experiment fromName(String name) {
        for (Experiment e : values()) {
            if (e.name().equalsIgnoreCase(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException(
                "unknown experiment '"
                        + name
                        + "': use table1, table2, table3, table4, table6 or figure4");
    }

    /**
     * The name on the command line and in file names.
     *
     * @return e.g. {@code table1}
     */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the experiment trains networks (all but Table 6).
     *
     * @return true when it needs a data source
     */
    public boolean trains() {
        return this != TABLE6;
    }

    /**
     * The backbone of the paper's experiment, used unless another is asked for.
     *
     * @return the backbone; Table 3 runs {@link #TABLE3_BACKBONES} instead
     */
    public Backbone paperBackbone() {
        return paperBackbone != null ? paperBackbone : Backbone.RESNET50;
    }

    /**
     * The dataset the real mode reads: PASCAL Context 59 for Tables 1-3 and Figure 4, VOC 2012 +
     * SBD for Table 4.
     *
     * @return a dataset name
     */
    public String realDataset() {
        return realDataset;
    }

    /**
     * The layout the synthetic mode writes its data in (Context's for Table 2, whose 59-class
     * mapping is part of the experiment; VOC's otherwise).
     *
     * @return the format
     */
    public SyntheticWriter.Format syntheticFormat() {
        return syntheticFormat;
    }

    /**
     * Epochs per row in synthetic mode.
     *
     * @return the default epoch count
     */
    public int syntheticEpochs() {
        return syntheticEpochs;
    }

    /**
     * The training time cap per row in synthetic mode.
     *
     * @return seconds
     */
    public double syntheticSeconds() {
        return syntheticSeconds;
    }

    /**
     * The synthetic run's size with a backbone: {@link #EFFICIENTNET_TABLE2} for Table 2 with an
     * EfficientNet, else 240 images of 64x64, batch 8, Adam at 0.005, and this experiment's epochs
     * and time cap.
     *
     * @param backbone the backbone of the experiment's rows (Table 3: its first)
     * @return the defaults
     */
    public SyntheticDefaults syntheticDefaults(Backbone backbone) {
        if (this == TABLE2 && backbone.isEfficientNet()) {
            return EFFICIENTNET_TABLE2;
        }
        return new SyntheticDefaults(240, 64, 8, 0.005, syntheticEpochs, syntheticSeconds);
    }

    /**
     * Epochs per row in real mode: 20 for the ablations (Tables 1, 3, Figure 4), 80 for the main
     * results (Tables 2, 4), as the paper.
     *
     * @return the default epoch count
     */
    public int realEpochs() {
        return realEpochs;
    }

    /**
     * What the experiment writes in the output folder, so that an earlier run's copies are found
     * before any work: {@code NAME.json}, {@code NAME.md}, and for training experiments {@code
     * NAME-runs} and {@code NAME-data} ({@code figure4.png} too for Figure 4).
     *
     * @return the file and folder names
     */
    public List<String> outputs() {
        String n = cliName();
        List<String> names = new ArrayList<>(List.of(n + ".json", n + ".md"));
        if (trains()) {
            names.add(n + "-runs");
            names.add(n + "-data");
        }
        if (this == FIGURE4) {
            names.add(Figure4Plan.PLOT);
        }
        return List.copyOf(names);
    }
}
