package dev.sanet.core.nn;

/**
 * The pooling of the squeeze-and-attention module's attention channel (docs/paper-reading.md
 * section 2.2).
 *
 * <p>The paper's formula and Figure 2 say average pooling while its section 3.3 says max pooling;
 * {@link #AVG} is the default and {@link #MAX} the switch. Both pool with kernel = stride = the
 * pool ratio (8) in ceil mode.
 */
public enum Pooling {
    /** Average pooling; a window cut by the border averages only the cells inside the map. */
    AVG,
    /** Max pooling. */
    MAX
}
