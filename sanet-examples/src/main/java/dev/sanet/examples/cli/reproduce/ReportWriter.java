package dev.sanet.examples.cli.reproduce;

import dev.sanet.core.io.AtomicWrite;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** Saves a {@link Report} as {@code NAME.json} and {@code NAME.md}, and prints it. */
public final class ReportWriter {

    private ReportWriter() {}

    /**
     * Writes {@code NAME.json} (the JSON object and a newline) and {@code NAME.md} into a folder.
     *
     * @param report the report
     * @param out the folder, created when missing
     * @throws IOException when a file cannot be written
     */
    public static void write(Report report, Path out) throws IOException {
        AtomicWrite.writeString(
                out.resolve(report.name() + ".json"), ReportJson.toJson(report.json()) + "\n");
        AtomicWrite.writeString(out.resolve(report.name() + ".md"), report.markdown());
    }

    /**
     * Prints the report: the JSON object, or the Markdown page and where both were saved.
     *
     * @param report the report
     * @param out the folder it was saved in
     * @param json true for the JSON object alone
     * @param stdout standard output
     */
    public static void print(Report report, Path out, boolean json, PrintStream stdout) {
        if (json) {
            stdout.println(ReportJson.toJson(report.json()));
        } else {
            stdout.print(report.markdown());
            stdout.println(
                    "saved "
                            + out.resolve(report.name() + ".json")
                            + " and "
                            + report.name()
                            + ".md");
        }
        stdout.flush();
    }
}
