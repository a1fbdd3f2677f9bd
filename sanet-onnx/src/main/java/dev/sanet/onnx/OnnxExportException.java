package dev.sanet.onnx;

/**
 * An ONNX export that cannot be done: a block with no ONNX form (the message names the block's
 * class and its path in the network), or a model whose state cannot be exported.
 */
public final class OnnxExportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message one line: what cannot be exported and why
     */
    public OnnxExportException(String message) {
        super(message);
    }
}
