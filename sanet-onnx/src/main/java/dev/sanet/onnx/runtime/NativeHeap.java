package dev.sanet.onnx.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the C heap's free memory back to the operating system ({@code malloc_trim(0)} of glibc).
 *
 * <p>Why: moving a model onto ONNX Runtime frees a few hundred MB at once (the source engine's
 * parameters, then ONNX Runtime's own parsing of the graph), in blocks that glibc keeps for reuse
 * below its trim threshold. The process's peak memory then counts them twice over; trimming at
 * these two moments took {@code sanet bench --engine onnxruntime} on SANet-ResNet50 at 512x512 from
 * about 830 to about 680 MiB (docs/performance.md). Elsewhere than glibc on Linux it does nothing.
 */
final class NativeHeap {

    private static final Logger LOG = LoggerFactory.getLogger(NativeHeap.class);

    /** glibc's trim call, bound through JNA (which DJL's engines already load). */
    private interface LibC extends Library {
        int malloc_trim(long pad);
    }

    private NativeHeap() {}

    /**
     * Returns free heap memory to the operating system; never fails.
     *
     * @return whether glibc released anything
     */
    static boolean trim() {
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            return Holder.LIBC.malloc_trim(0) == 1;
        } catch (UnsatisfiedLinkError | RuntimeException | ExceptionInInitializerError e) {
            // Not glibc (musl has no malloc_trim): the memory stays with the allocator.
            LOG.debug("malloc_trim is not available: {}", e.toString());
            return false;
        }
    }

    /** Binds the C library on first use only. */
    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }
}
