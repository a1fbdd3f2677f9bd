package dev.sanet.examples.cli.reproduce;

import java.io.IOException;
import java.util.List;

/**
 * One training experiment as data: the rows to train, in order, and how their results become the
 * report. {@link Reproduction} runs the rows between the two calls.
 */
public interface ExperimentPlan {

    /**
     * The rows, in the order they train; each name is unique.
     *
     * @param networks the width and class count every row shares
     * @return the rows
     */
    List<Row> rows(Networks networks);

    /**
     * The report from the rows' results.
     *
     * @param results each row with our figures, in the order of {@link #rows}
     * @param context the setup, options and start time every report shares
     * @return the report
     * @throws IOException when a file beside the report (a plot) cannot be written
     */
    Report report(List<RowResult> results, ReportContext context) throws IOException;
}
