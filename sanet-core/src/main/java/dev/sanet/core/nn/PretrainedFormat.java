package dev.sanet.core.nn;

import java.util.Arrays;
import java.util.Locale;

/**
 * The naming conventions of the ImageNet ResNet weights people have, as {@link PretrainedWeights}
 * reads them. The file's container (safetensors or MXNet {@code .params}) is recognised from its
 * bytes, whatever the format; the format says how its tensor names map onto a {@link ResNetV1s}'s
 * {@link dev.sanet.core.io.ParameterNames stable names}. Every format's classifier ({@code fc.*})
 * is skipped, and so is PyTorch's {@code *.num_batches_tracked}.
 */
public enum PretrainedFormat {
    /**
     * torchvision's {@code resnet18..resnet152} ({@code model.state_dict()}): the 7x7 stem {@code
     * conv1.weight}, {@code bn1.{weight,bias,running_mean,running_var}}, {@code
     * layer{k}.{i}.conv{j}.weight}, {@code layer{k}.{i}.bn{j}.*}, {@code
     * layer{k}.0.downsample.{0,1}.*}. The names are sanet's own. Only the 7x7 stem with strided
     * shortcuts exists in torchvision.
     */
    TORCHVISION("torchvision"),
    /**
     * timm's ResNets ({@code resnet50}, {@code resnet50c}, {@code resnet50d}, {@code resnet50s},
     * ...): torchvision's names, with the deep stem as {@code conv1.0, conv1.1, conv1.3, conv1.4,
     * conv1.6} and average-pool shortcuts as {@code downsample.1} (convolution) and {@code
     * downsample.2} (batch norm).
     */
    TIMM("timm"),
    /**
     * mmcv/mmsegmentation's {@code ResNet}, {@code ResNetV1c} and {@code ResNetV1d} (the {@code
     * open-mmlab://resnet50_v1c} files): torchvision's names, except that the deep stem is {@code
     * stem.0 .. stem.7} with its last batch norm {@code stem.7} (sanet's {@code bn1}); average-pool
     * shortcuts as {@code downsample.1}/{@code .2} (mmdet leaves the pool out where the stride is
     * 1, giving {@code .0}/{@code .1} there; both read).
     */
    MMCV("mmcv"),
    /**
     * PyTorch-Encoding's {@code resnet50s/101s/152s} (deep 64-64-128 stem) and {@code resnet50d}:
     * the same names as timm's.
     */
    ENCODING("encoding"),
    /**
     * GluonCV's {@code resnet*_v1b/v1c/v1d/v1e/v1s} written by {@code save_parameters} (the model
     * zoo's {@code .params} files): the structure of timm's names with Gluon's batch-norm names,
     * {@code gamma}, {@code beta}, {@code running_mean}, {@code running_var}.
     */
    GLUONCV("gluoncv");

    private final String cliName;

    PretrainedFormat(String cliName) {
        this.cliName = cliName;
    }

    /**
     * The lower-case name used on the command line and in reports.
     *
     * @return {@code torchvision}, {@code timm}, {@code mmcv}, {@code encoding} or {@code gluoncv}
     */
    public String cliName() {
        return cliName;
    }

    /**
     * Parses a name ({@code torchvision}, {@code timm}, {@code mmcv}, {@code encoding}, {@code
     * gluoncv}; case-insensitive; the constant names, {@code pytorch-encoding}, {@code mmseg} and
     * {@code gluon} are accepted too).
     *
     * @param name the name
     * @return the format
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static PretrainedFormat fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "pytorch-encoding", "pytorch_encoding" -> {
                return ENCODING;
            }
            case "mmseg", "mmsegmentation", "mmdet" -> {
                return MMCV;
            }
            case "gluon" -> {
                return GLUONCV;
            }
            default -> {
                for (PretrainedFormat f : values()) {
                    if (f.cliName.equals(n) || f.name().toLowerCase(Locale.ROOT).equals(n)) {
                        return f;
                    }
                }
            }
        }
        throw new IllegalArgumentException(
                "unknown pretrained format '"
                        + name
                        + "': use one of "
                        + String.join(", ", Arrays.stream(values()).map(f -> f.cliName).toList()));
    }
}
