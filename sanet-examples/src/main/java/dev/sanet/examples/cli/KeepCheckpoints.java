package dev.sanet.examples.cli;

/**
 * The default of {@code --keep-checkpoints} of {@code sanet train} and {@code sanet pretrain}: a
 * run writes a checkpoint every epoch (about 9 MB for the demo's network, over 200 MB for
 * ResNet101), and resuming needs only the newest, so older ones are deleted beyond a few kept for a
 * look back.
 */
final class KeepCheckpoints {

    /** The newest checkpoints a training command keeps unless told otherwise. */
    static final int DEFAULT = 3;

    private KeepCheckpoints() {}
}
