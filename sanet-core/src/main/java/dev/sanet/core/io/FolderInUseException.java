package dev.sanet.core.io;

import java.nio.file.Path;

/**
 * An output folder that another running process (or another run in this one) has claimed with an
 * {@link OutputLock}; the message names the folder and the owner's process id, host and start.
 */
public final class FolderInUseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path folder;
    private final transient OutputLock.Owner owner;

    /**
     * Creates the exception.
     *
     * @param folder the claimed folder
     * @param owner who holds the claim
     */
    public FolderInUseException(Path folder, OutputLock.Owner owner) {
        super(
                folder
                        + " is in use by another sanet run ("
                        + owner.describe()
                        + "): wait for it to finish or choose another folder (if no such run is"
                        + " going on, delete "
                        + folder.resolve(OutputLock.FILE)
                        + ")");
        this.folder = folder;
        this.owner = owner;
    }

    /**
     * The claimed folder.
     *
     * @return the folder
     */
    public Path folder() {
        return folder;
    }

    /**
     * Who holds the claim.
     *
     * @return the owner
     */
    public OutputLock.Owner owner() {
        return owner;
    }
}
