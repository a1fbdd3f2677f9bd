/**
 * The ONNX form of each sanet block type, in one place per type: a {@link
 * dev.sanet.onnx.forms.BlockForm} writes a block's inference computation into an {@link
 * dev.sanet.onnx.graph.OnnxGraph}, reading the block's parameters, with batch norms folded into the
 * convolutions before them. {@link dev.sanet.onnx.forms.BlockForms} is the table from block class
 * to form; a block it has no form for is named, with its path in the network, in an {@link
 * dev.sanet.onnx.OnnxExportException}.
 *
 * <p>Everything here is non-null unless annotated {@code @Nullable} (JSpecify).
 */
@NullMarked
package dev.sanet.onnx.forms;

import org.jspecify.annotations.NullMarked;
