package dev.sanet.examples.cli.reproduce;

/**
 * A row's training was interrupted (Ctrl-C): the rows finished before it are saved and reusable
 * with {@code --resume}; the command exits with status 130.
 */
public final class RowInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param row the name of the interrupted row
     */
    public RowInterruptedException(String row) {
        super("interrupted during row " + row);
    }
}
