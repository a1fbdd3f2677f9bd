/**
 * Batch segmentation on Apache Spark: {@link dev.sanet.spark.SparkSegmenter} turns a {@code
 * Dataset<Row>} of images (Spark's {@code binaryFile} source, or file paths) into one row per image
 * with its mask, per-class pixel counts and an error column; {@link dev.sanet.spark.ModelCache}
 * keeps one model per executor JVM, shared by that executor's tasks.
 *
 * <p>The only package of sanet that depends on Spark.
 *
 * <p>Everything here is non-null unless annotated {@code @Nullable} (JSpecify).
 */
@NullMarked
package dev.sanet.spark;

import org.jspecify.annotations.NullMarked;
