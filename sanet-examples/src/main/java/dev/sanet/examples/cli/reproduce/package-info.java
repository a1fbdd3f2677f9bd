/**
 * {@code sanet reproduce}: the paper's experiments as data and the machinery that runs them.
 *
 * <ul>
 *   <li>{@link dev.sanet.examples.cli.reproduce.Experiment}: the experiments, their outputs and
 *       their defaults in synthetic and real mode; {@link
 *       dev.sanet.examples.cli.reproduce.PaperValues}: every number the paper reports;
 *   <li>{@link dev.sanet.examples.cli.reproduce.ExperimentPlan} and its implementations ({@code
 *       Table1Plan}, ...): each experiment's rows and its report;
 *   <li>{@link dev.sanet.examples.cli.reproduce.RowRunner}: trains and evaluates one row, with the
 *       {@code result.json} cache that {@code --resume} reuses;
 *   <li>{@link dev.sanet.examples.cli.reproduce.RowTrainer} and {@link
 *       dev.sanet.examples.cli.reproduce.RowEvaluator}: the only ways to training and evaluation;
 *       the command line supplies them;
 *   <li>{@link dev.sanet.examples.cli.reproduce.Reproduction}: one experiment end to end; {@link
 *       dev.sanet.examples.cli.reproduce.ReportWriter}: {@code NAME.json}, {@code NAME.md}.
 * </ul>
 *
 * <p>This package depends on no other package of the command line (the command depends on it), so
 * that the seams can be re-pointed without touching it. It is the implementation of one command:
 * its user-facing messages name that command's flags and are thrown as {@link
 * IllegalArgumentException}, which the command line reports as a user mistake (exit status 2).
 */
@NullMarked
package dev.sanet.examples.cli.reproduce;

import org.jspecify.annotations.NullMarked;
