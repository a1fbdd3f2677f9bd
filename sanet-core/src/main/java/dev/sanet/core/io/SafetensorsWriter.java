package dev.sanet.core.io;

import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes float32 tensors to a safetensors file (the layout is described at {@link Safetensors},
 * which reads it): sorted by name, the header padded with spaces to a multiple of 8 bytes as the
 * reference implementation does, atomically (temporary file, sync, rename), holding one tensor in
 * memory at a time.
 */
public final class SafetensorsWriter {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    /** Bytes per write chunk. */
    private static final int CHUNK = 1 << 20;

    /** Supplies the values of one tensor when the writer reaches it. */
    @FunctionalInterface
    public interface Values {
        /**
         * The values of a tensor.
         *
         * @param name the tensor's name
         * @return its values in C order, as many as its shape holds
         * @throws IOException when the values cannot be produced
         */
        float[] get(String name) throws IOException;
    }

    private SafetensorsWriter() {}

    /**
     * Writes float32 tensors and string metadata to a safetensors file, atomically: the file is
     * either written completely or not at all (an existing file is replaced only on success).
     *
     * @param file the file to write; its folder is created when missing
     * @param shapes the tensors' names and shapes; written sorted by name
     * @param values supplies each tensor's values when it is written, so one tensor is held at a
     *     time
     * @param metadata written under {@value Safetensors#METADATA_KEY} (omitted when empty), sorted
     *     by key
     * @throws IOException when writing fails
     * @throws IllegalArgumentException when a name is empty or {@value Safetensors#METADATA_KEY},
     *     or a tensor's values do not match its shape
     */
    public static void write(
            Path file, Map<String, Shape> shapes, Values values, Map<String, String> metadata)
            throws IOException {
        TreeMap<String, Shape> sorted = new TreeMap<>(shapes);
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            // Sorted, so that the same content always gives the same bytes whatever the map type.
            new TreeMap<>(metadata)
                    .forEach(
                            (k, v) ->
                                    meta.addProperty(
                                            Objects.requireNonNull(k, "metadata key"),
                                            Objects.requireNonNull(v, "metadata value of " + k)));
            header.add(Safetensors.METADATA_KEY, meta);
        }
        long offset = 0;
        for (Map.Entry<String, Shape> e : sorted.entrySet()) {
            String name = e.getKey();
            if (name.isEmpty() || Safetensors.METADATA_KEY.equals(name)) {
                throw new IllegalArgumentException("invalid tensor name '" + name + "'");
            }
            Shape shape = e.getValue();
            long bytes = Math.multiplyExact(shape.size(), 4L);
            JsonObject info = new JsonObject();
            info.addProperty("dtype", "F32");
            JsonArray dims = new JsonArray();
            for (long d : shape.getShape()) {
                dims.add(d);
            }
            info.add("shape", dims);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(offset + bytes);
            info.add("data_offsets", offsets);
            header.add(name, info);
            offset += bytes;
        }
        byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        // Pad with spaces so that the data starts 8-byte aligned, as the reference writer does.
        int padded = json.length + (8 - json.length % 8) % 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        AtomicWrite.write(
                file,
                ch -> {
                    AtomicWrite.writeFully(ch, head);
                    ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
                    for (Map.Entry<String, Shape> e : sorted.entrySet()) {
                        float[] v = values.get(e.getKey());
                        if (v == null || v.length != e.getValue().size()) {
                            throw new IllegalArgumentException(
                                    "tensor '"
                                            + e.getKey()
                                            + "' of shape "
                                            + e.getValue()
                                            + " got "
                                            + (v == null ? "no" : String.valueOf(v.length))
                                            + " values");
                        }
                        writeFloats(ch, buf, v);
                    }
                });
    }

    private static void writeFloats(FileChannel ch, ByteBuffer buf, float[] v) throws IOException {
        int perChunk = buf.capacity() / 4;
        for (int at = 0; at < v.length; at += perChunk) {
            int n = Math.min(perChunk, v.length - at);
            buf.clear();
            FloatBuffer f = buf.asFloatBuffer();
            f.put(v, at, n);
            buf.limit(n * 4);
            AtomicWrite.writeFully(ch, buf);
        }
    }
}
