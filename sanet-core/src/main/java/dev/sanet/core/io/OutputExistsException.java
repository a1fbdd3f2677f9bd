package dev.sanet.core.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Planned outputs that exist already, when replacing them was not allowed ({@link
 * OutputFolders#checkOutputs}); the message names the first and how many exist.
 */
public final class OutputExistsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<Path> existing;

    /** How many outputs the command planned to write. */
    private final int planned;

    /**
     * Creates the exception.
     *
     * @param existing the planned outputs that exist, at least one
     * @param planned how many outputs were planned
     */
    public OutputExistsException(List<Path> existing, int planned) {
        super(
                String.format(
                        Locale.ROOT,
                        "%d of the %d planned output files already exist, the first: %s:"
                                + " choose an empty output folder or allow overwriting",
                        existing.size(),
                        planned,
                        existing.get(0)));
        this.existing = List.copyOf(existing);
        this.planned = planned;
    }

    /**
     * The planned outputs that exist.
     *
     * @return at least one path, in planned order
     */
    public List<Path> existing() {
        return existing;
    }

    /**
     * How many outputs were planned.
     *
     * @return the count
     */
    public int planned() {
        return planned;
    }
}
