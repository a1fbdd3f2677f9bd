package dev.sanet.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.sanet.core.io.ParameterNames;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EfficientNetWeightsTest {

    private static final Shape INPUT = new Shape(1, 3, 32, 32);

    private static EfficientNet backbone(
            NDManager nd, EfficientNetScale scale, EfficientNetConvention c) {
        EfficientNet net = EfficientNet.builder().scale(scale).convention(c).build();
        net.initialize(nd, DataType.FLOAT32, INPUT);
        return net;
    }

    /** torchvision's name of a timm-named tensor, by torchvision's own layout (written out). */
    private static String torchvision(String timm, boolean expands) {
        if (timm.startsWith("conv_stem.")) {
            return "features.0.0." + timm.substring(10);
        }
        if (timm.startsWith("bn1.")) {
            return "features.0.1." + timm.substring(4);
        }
        Matcher m =
                Pattern.compile("blocks\\.(\\d)\\.(\\d+)\\.([a-z_]+[0-9]?)\\.(.+)").matcher(timm);
        assertTrue(m.matches(), timm);
        String block =
                "features." + (Integer.parseInt(m.group(1)) + 1) + "." + m.group(2) + ".block.";
        String part = m.group(3);
        String rest = m.group(4);
        if (part.equals("se")) {
            return block
                    + (expands ? "2" : "1")
                    + "."
                    + rest.replace("conv_reduce", "fc1").replace("conv_expand", "fc2");
        }
        String[] order =
                expands
                        ? new String[] {"conv_pw", "bn1", "conv_dw", "bn2", "conv_pwl", "bn3"}
                        : new String[] {"conv_dw", "bn1", "conv_pw", "bn2"};
        for (int i = 0; i < order.length; i++) {
            if (order[i].equals(part)) {
                int k = i / 2 + (expands && i >= 4 || !expands && i >= 2 ? 1 : 0);
                return block + k + "." + (i % 2) + "." + rest;
            }
        }
        throw new AssertionError(timm);
    }

    /** The backbone's parameters, seeded values, under timm's or torchvision's names. */
    private static PretrainedFiles.Weights file(EfficientNet net, boolean tv) {
        PretrainedFiles.Weights w = new PretrainedFiles.Weights();
        Random r = new Random(1);
        for (Map.Entry<String, Parameter> e : ParameterNames.of(net).entrySet()) {
            String key = e.getKey();
            boolean expands = !key.startsWith("blocks.0.");
            String name = tv ? torchvision(key, expands) : key;
            long[] shape = e.getValue().getShape().getShape();
            float[] v = new float[(int) e.getValue().getShape().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
            w.shapes.put(name, shape);
            w.values.put(name, v);
        }
        String[] head =
                tv
                        ? new String[] {
                            "features.8.0.weight", "features.8.1.weight", "classifier.1.weight"
                        }
                        : new String[] {"conv_head.weight", "bn2.weight", "classifier.weight"};
        for (String h : head) {
            w.shapes.put(h, new long[] {4});
            w.values.put(h, new float[4]);
        }
        w.counters.put(tv ? "features.0.1.num_batches_tracked" : "bn1.num_batches_tracked", 3L);
        return w;
    }

    @Test
    void importsTimmAndTorchvisionNamesWithStatistics(@TempDir Path dir) throws Exception {
        try (NDManager nd = NDManager.newBaseManager()) {
            for (boolean tv : new boolean[] {false, true}) {
                EfficientNetConvention c =
                        tv ? EfficientNetConvention.TORCHVISION : EfficientNetConvention.TF;
                EfficientNet source = backbone(nd, EfficientNetScale.B0, c);
                PretrainedFiles.Weights w = file(source, tv);
                Path f = dir.resolve(tv + ".safetensors");
                PretrainedFiles.writeSafetensors(f, w);
                EfficientNet net = backbone(nd, EfficientNetScale.B0, c);
                EfficientNetWeights.Report r = EfficientNetWeights.load(net, f, null);
                assertEquals(tv ? PretrainedFormat.TORCHVISION : PretrainedFormat.TIMM, r.format());
                assertTrue(r.detected());
                assertEquals(EfficientNetScale.B0, r.scale());
                assertEquals(4, r.ignored().size(), r.ignored().toString());
                Map<String, Parameter> p = ParameterNames.of(net);
                assertEquals(p.size(), r.tensors());
                String stat = "blocks.6.0.bn3.running_var";
                assertArrayEquals(
                        w.values.get(tv ? torchvision(stat, true) : stat),
                        p.get(stat).getArray().toFloatArray());
                String se = "blocks.0.0.se.conv_expand.bias";
                assertArrayEquals(
                        w.values.get(tv ? torchvision(se, false) : se),
                        p.get(se).getArray().toFloatArray());
                assertTrue(r.summary().contains("EfficientNet-B0"), r.summary());
            }
        }
    }

    @Test
    void namesEveryMissingUnknownAndMisshapedTensor(@TempDir Path dir) throws Exception {
        try (NDManager nd = NDManager.newBaseManager()) {
            EfficientNet net = backbone(nd, EfficientNetScale.B0, EfficientNetConvention.TIMM);
            PretrainedFiles.Weights w = file(net, false);
            w.remove("blocks.3.1.conv_dw.weight");
            w.reshape("blocks.5.2.bn2.running_mean", 7);
            w.reshape("blocks.2.0.extra.weight", 3);
            Path f = dir.resolve("bad.safetensors");
            PretrainedFiles.writeSafetensors(f, w);
            float before =
                    net.stage(1).getParameters().get(0).getValue().getArray().toFloatArray()[0];
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> EfficientNetWeights.load(net, f, null));
            String m = e.getMessage();
            assertTrue(m.contains("3 problems"), m);
            assertTrue(m.contains("blocks.3.1.conv_dw.weight"), m);
            assertTrue(m.contains("'blocks.5.2.bn2.running_mean' has shape (7)"), m);
            assertTrue(m.contains("'blocks.2.0.extra.weight' (3) matches no parameter"), m);
            assertEquals(
                    before,
                    net.stage(1).getParameters().get(0).getValue().getArray().toFloatArray()[0]);
        }
    }

    @Test
    void refusesANonFiniteTensorNamingItAndTheFile(@TempDir Path dir) throws Exception {
        try (NDManager nd = NDManager.newBaseManager()) {
            EfficientNet net = backbone(nd, EfficientNetScale.B0, EfficientNetConvention.TIMM);
            PretrainedFiles.Weights w = file(net, false);
            w.values.get("blocks.2.1.conv_pwl.weight")[3] = Float.NaN;
            Path f = dir.resolve("nan.safetensors");
            PretrainedFiles.writeSafetensors(f, w);
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> EfficientNetWeights.load(net, f, null));
            assertTrue(e.getMessage().contains("blocks.2.1.conv_pwl.weight"), e.getMessage());
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        }
    }

    @Test
    void refusesAnotherScaleOrConventionWithTheFix(@TempDir Path dir) throws Exception {
        try (NDManager nd = NDManager.newBaseManager()) {
            EfficientNet b1 =
                    backbone(nd, EfficientNetScale.B1, EfficientNetConvention.TORCHVISION);
            Path f = dir.resolve("b1.safetensors");
            PretrainedFiles.writeSafetensors(f, file(b1, true));
            assertEquals(EfficientNetScale.B1, EfficientNetWeights.inspect(f, null).scale());
            EfficientNet b0 =
                    backbone(nd, EfficientNetScale.B0, EfficientNetConvention.TORCHVISION);
            String m =
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () -> EfficientNetWeights.load(b0, f, null))
                            .getMessage();
            assertTrue(
                    m.contains("EfficientNet-B1") && m.contains("--backbone efficientnet-b1"), m);
            EfficientNet tf = backbone(nd, EfficientNetScale.B1, EfficientNetConvention.TF);
            m =
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () -> EfficientNetWeights.load(tf, f, null))
                            .getMessage();
            assertTrue(m.contains("torchvision names") && m.contains("tf conventions"), m);
            m =
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () -> EfficientNetWeights.load(b1, f, PretrainedFormat.TIMM))
                            .getMessage();
            assertTrue(m.contains("not timm"), m);
        }
    }
}
