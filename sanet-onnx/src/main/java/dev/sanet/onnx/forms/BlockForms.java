package dev.sanet.onnx.forms;

import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import dev.sanet.core.SANetBlock;
import dev.sanet.core.nn.BatchNorm2d;
import dev.sanet.core.nn.DenseHead;
import dev.sanet.core.nn.EfficientNet;
import dev.sanet.core.nn.MBConvBlock;
import dev.sanet.core.nn.MBConvSqueeze;
import dev.sanet.core.nn.ResNetV1s;
import dev.sanet.core.nn.ResidualBlock;
import dev.sanet.core.nn.ShortcutPool;
import dev.sanet.core.nn.SqueezeAttention;
import dev.sanet.core.nn.SqueezeExcitation;
import dev.sanet.onnx.OnnxExportException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The table from block class to {@link BlockForm}: the one place that says which block types have
 * an ONNX form. A block is looked up by its class, then by its superclasses (so {@link
 * dev.sanet.core.nn.BasicBlock} and {@link dev.sanet.core.nn.BottleneckBlock} share {@link
 * ResidualBlock}'s form and {@link dev.sanet.core.nn.SafeConv2d} uses {@link Conv2d}'s). Immutable;
 * {@link #with} gives a table with one more form, for a user's own block type.
 */
public final class BlockForms {

    private final Map<Class<?>, BlockForm<?>> forms;

    private BlockForms(Map<Class<?>, BlockForm<?>> forms) {
        this.forms = Map.copyOf(forms);
    }

    /**
     * The forms of every block type a sanet network is made of: SANet, the dilated ResNet with its
     * stems, basic and bottleneck blocks and shortcuts, EfficientNet with its MBConv blocks and
     * their squeeze-and-excitation gates, the SA and SE modules, the dense head, convolutions,
     * batch norms, linear layers, ReLU and sigmoid, dropout (the identity in inference) and
     * sequential blocks.
     *
     * @return the table
     */
    public static BlockForms standard() {
        Map<Class<?>, BlockForm<?>> m = new LinkedHashMap<>();
        m.put(SANetBlock.class, new SANetForm());
        m.put(ResNetV1s.class, new ResNetForm());
        m.put(ResidualBlock.class, new ResidualForm());
        m.put(EfficientNet.class, new EfficientNetForm());
        m.put(MBConvBlock.class, new MBConvForm());
        m.put(MBConvSqueeze.class, new MBConvSqueezeForm());
        m.put(ShortcutPool.class, new ShortcutPoolForm());
        m.put(SqueezeAttention.class, new SqueezeAttentionForm());
        m.put(SqueezeExcitation.class, new SqueezeExcitationForm());
        m.put(DenseHead.class, new DenseHeadForm());
        m.put(SequentialBlock.class, new SequentialForm());
        m.put(Conv2d.class, new ConvForm());
        m.put(BatchNorm2d.class, new BatchNormForm());
        m.put(Linear.class, new LinearForm());
        m.put(LambdaBlock.class, new ActivationForm());
        m.put(Dropout.class, (BlockForm<Dropout>) (e, b, in) -> in);
        return new BlockForms(m);
    }

    /**
     * A table with one more form (or a replaced one).
     *
     * @param type the block class the form writes (and its subclasses without a form of their own)
     * @param form the form
     * @param <B> the block type
     * @return a new table
     */
    public <B extends Block> BlockForms with(Class<B> type, BlockForm<? super B> form) {
        Map<Class<?>, BlockForm<?>> m = new LinkedHashMap<>(forms);
        m.put(type, form);
        return new BlockForms(m);
    }

    /**
     * The form for a block's class, looked up along its superclasses.
     *
     * @param type the block's class
     * @return the form, or null if none
     */
    public @Nullable BlockForm<?> formOf(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            BlockForm<?> f = forms.get(c);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /**
     * Writes a block through its form.
     *
     * @param e the emission; its path is the block's
     * @param block the block
     * @param inputs the tensors it reads
     * @return the tensors it gives
     * @throws OnnxExportException naming the block's class and path when it has no form
     */
    @SuppressWarnings("unchecked")
    List<String> emit(Emission e, Block block, List<String> inputs) {
        BlockForm<Block> form = (BlockForm<Block>) formOf(block.getClass());
        if (form == null) {
            throw new OnnxExportException(
                    "no ONNX form for block "
                            + block.getClass().getName()
                            + " at '"
                            + (e.path().isEmpty() ? "(root)" : e.path())
                            + "': ONNX export supports sanet's own block types");
        }
        return form.emit(e, block, inputs);
    }
}
