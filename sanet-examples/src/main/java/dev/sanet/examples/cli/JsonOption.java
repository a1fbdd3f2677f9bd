package dev.sanet.examples.cli;

import java.io.PrintStream;
import picocli.CommandLine.Option;

/**
 * {@code --json}, shared by every command that reports a result: one JSON object on standard output
 * (and nothing else there: logs and progress go to standard error), instead of the text for people.
 */
final class JsonOption {

    @Option(names = "--json", description = "Print one JSON object on standard output.")
    boolean json;

    /**
     * Whether {@code --json} was given.
     *
     * @return true for one JSON object on standard output
     */
    boolean on() {
        return json;
    }

    /**
     * Prints the result: the JSON object with {@code --json}, else the text for people.
     *
     * @param out standard output
     * @param fields the JSON object's fields
     * @param text prints the text for people, used without {@code --json}
     */
    void print(PrintStream out, Object fields, Runnable text) {
        if (json) {
            Json.print(out, fields);
        } else {
            text.run();
        }
    }
}
