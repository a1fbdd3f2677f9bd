/**
 * {@code sanet spark ...}: the Spark commands of the command line, run by the {@code sanet}
 * launcher from sanet-spark's jar so that Spark stays out of the other modules. A thin caller of
 * {@link dev.sanet.spark.SparkSegmenter}.
 *
 * <p>Everything here is non-null unless annotated {@code @Nullable} (JSpecify).
 */
@NullMarked
package dev.sanet.spark.cli;

import org.jspecify.annotations.NullMarked;
