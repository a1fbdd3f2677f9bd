package dev.sanet.core.io;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.sanet.core.io.Safetensors.Tensor;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The header of a safetensors file, checked strictly (see {@link Safetensors}): its JSON parsed
 * into tensors and metadata, every dtype known, every shape non-negative, every byte range equal to
 * the dtype's size times the element count, and the ranges tiling the data section. Also the
 * mapping between safetensors' dtype names and DJL's types, which the writer shares.
 */
final class SafetensorsHeader {

    private SafetensorsHeader() {}

    /**
     * The safetensors name of an element type.
     *
     * @param type a DJL type
     * @return e.g. {@code F32}, {@code BF16}, {@code I64}
     */
    static String dtypeName(DataType type) {
        return switch (type) {
            case FLOAT64 -> "F64";
            case FLOAT32 -> "F32";
            case FLOAT16 -> "F16";
            case BFLOAT16 -> "BF16";
            case INT64 -> "I64";
            case INT32 -> "I32";
            case INT16 -> "I16";
            case INT8 -> "I8";
            case UINT64 -> "U64";
            case UINT32 -> "U32";
            case UINT16 -> "U16";
            case UINT8 -> "U8";
            case BOOLEAN -> "BOOL";
            default -> type.toString();
        };
    }

    static DataType dtype(String name) {
        return switch (name) {
            case "F64" -> DataType.FLOAT64;
            case "F32" -> DataType.FLOAT32;
            case "F16" -> DataType.FLOAT16;
            case "BF16" -> DataType.BFLOAT16;
            case "I64" -> DataType.INT64;
            case "I32" -> DataType.INT32;
            case "I16" -> DataType.INT16;
            case "I8" -> DataType.INT8;
            case "U64" -> DataType.UINT64;
            case "U32" -> DataType.UINT32;
            case "U16" -> DataType.UINT16;
            case "U8" -> DataType.UINT8;
            case "BOOL" -> DataType.BOOLEAN;
            default -> DataType.UNKNOWN;
        };
    }

    /**
     * Parses the header's JSON: the tensors, checked one by one, and the metadata.
     *
     * @param file the file, for the messages
     * @param json the header text
     * @param metadata receives the {@value Safetensors#Safetensors.METADATA_KEY} entries
     * @return the tensors by name, sorted
     * @throws IOException naming the file and what is wrong
     */
    static Map<String, Tensor> parse(Path file, String json, Map<String, String> metadata)
            throws IOException {
        JsonElement root;
        try {
            checkDuplicateNames(file, json);
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw damaged(file, "the header is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isJsonObject()) {
            throw damaged(file, "the header is not a JSON object");
        }
        Map<String, Tensor> tensors = new TreeMap<>();
        for (Map.Entry<String, JsonElement> e : root.getAsJsonObject().entrySet()) {
            String name = e.getKey();
            JsonElement v = e.getValue();
            if (Safetensors.METADATA_KEY.equals(name)) {
                if (!v.isJsonObject()) {
                    throw damaged(file, Safetensors.METADATA_KEY + " is not a JSON object");
                }
                for (Map.Entry<String, JsonElement> m : v.getAsJsonObject().entrySet()) {
                    if (!m.getValue().isJsonPrimitive()
                            || !m.getValue().getAsJsonPrimitive().isString()) {
                        throw damaged(
                                file,
                                Safetensors.METADATA_KEY
                                        + " entry '"
                                        + m.getKey()
                                        + "' is not a string");
                    }
                    metadata.put(m.getKey(), m.getValue().getAsString());
                }
                continue;
            }
            tensors.put(name, tensor(file, name, v));
        }
        return tensors;
    }

    /**
     * Refuses a header that names a tensor twice: a JSON object keeps the last of two equal keys,
     * so the first tensor's bytes would be silently ignored.
     */
    private static void checkDuplicateNames(Path file, String json) throws IOException {
        String twice = null;
        try (com.google.gson.stream.JsonReader r =
                new com.google.gson.stream.JsonReader(new java.io.StringReader(json))) {
            if (r.peek() == com.google.gson.stream.JsonToken.BEGIN_OBJECT) {
                r.beginObject();
                java.util.Set<String> seen = new java.util.HashSet<>();
                while (twice == null && r.hasNext()) {
                    String name = r.nextName();
                    if (!seen.add(name)) {
                        twice = name;
                    }
                    r.skipValue();
                }
            }
        } catch (IllegalStateException | IOException e) {
            // Not valid JSON (malformed, cut short): parse() names the problem.
        }
        if (twice != null) {
            throw damaged(
                    file,
                    "tensor '"
                            + twice
                            + "' is named twice in the header (a reader would keep only one of"
                            + " them)");
        }
    }

    private static Tensor tensor(Path file, String name, JsonElement v) throws IOException {
        String where = "tensor '" + name + "'";
        if (!v.isJsonObject()) {
            throw damaged(file, where + " is not a JSON object");
        }
        JsonObject o = v.getAsJsonObject();
        JsonElement dt = o.get("dtype");
        if (dt == null || !dt.isJsonPrimitive() || !dt.getAsJsonPrimitive().isString()) {
            throw damaged(file, where + " has no dtype string");
        }
        DataType type = dtype(dt.getAsString());
        if (type == DataType.UNKNOWN) {
            throw damaged(
                    file,
                    where
                            + " has dtype '"
                            + dt.getAsString()
                            + "', which sanet does not read (F32, F16, BF16, F64, integers, BOOL)");
        }
        long[] dims = longs(file, where, "shape", o.get("shape"), -1);
        long[] offsets = longs(file, where, "data_offsets", o.get("data_offsets"), 2);
        long count = 1;
        try {
            for (long d : dims) {
                count = Math.multiplyExact(count, d);
            }
            long bytes = Math.multiplyExact(count, (long) type.getNumOfBytes());
            if (offsets[1] < offsets[0] || offsets[1] - offsets[0] != bytes) {
                throw damaged(
                        file,
                        String.format(
                                Locale.ROOT,
                                "%s: %s x shape %s needs %d bytes but data_offsets [%d, %d] hold"
                                        + " %d",
                                where,
                                dtypeName(type),
                                new Shape(dims),
                                bytes,
                                offsets[0],
                                offsets[1],
                                offsets[1] - offsets[0]));
            }
        } catch (ArithmeticException e) {
            throw damaged(file, where + " has a shape too large to address");
        }
        return new Tensor(name, type, new Shape(dims), offsets[0], offsets[1]);
    }

    /** A JSON array of non-negative integers, of the given length (or any when -1). */
    private static long[] longs(Path file, String where, String key, JsonElement v, int length)
            throws IOException {
        if (v == null || !v.isJsonArray()) {
            throw damaged(file, where + " has no " + key + " array");
        }
        JsonArray a = v.getAsJsonArray();
        if (length >= 0 && a.size() != length) {
            throw damaged(
                    file, where + ": " + key + " has " + a.size() + " entries, not " + length);
        }
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement x = a.get(i);
            BigDecimal d = null;
            if (x.isJsonPrimitive()) {
                JsonPrimitive p = x.getAsJsonPrimitive();
                if (p.isNumber()) {
                    d = p.getAsBigDecimal();
                }
            }
            try {
                if (d == null || d.signum() < 0) {
                    throw new ArithmeticException();
                }
                out[i] = d.longValueExact();
            } catch (ArithmeticException e) {
                throw damaged(
                        file,
                        where
                                + ": "
                                + key
                                + " holds "
                                + x
                                + ", not a count of bytes"
                                + " or elements");
            }
        }
        return out;
    }

    /**
     * Checks that the tensors' byte ranges, sorted, tile the data section exactly.
     *
     * @param file the file, for the messages
     * @param tensors the tensors
     * @param dataBytes the size of the data section
     * @throws IOException naming the gap, overlap, truncation or trailing bytes
     */
    static void checkLayout(Path file, Iterable<Tensor> tensors, long dataBytes)
            throws IOException {
        List<Tensor> byOffset = new ArrayList<>();
        tensors.forEach(byOffset::add);
        byOffset.sort(Comparator.comparingLong(Tensor::begin).thenComparingLong(Tensor::end));
        long expected = 0;
        String previous = null;
        for (Tensor t : byOffset) {
            if (t.begin() != expected) {
                throw damaged(
                        file,
                        "tensor '"
                                + t.name()
                                + "' starts at byte "
                                + t.begin()
                                + " of the data but "
                                + (previous == null
                                        ? "the data starts at 0"
                                        : "'" + previous + "' ends at " + expected)
                                + (t.begin() < expected ? " (overlap)" : " (gap)"));
            }
            expected = t.end();
            previous = t.name();
        }
        if (expected != dataBytes) {
            throw damaged(
                    file,
                    "the tensors cover "
                            + expected
                            + " bytes of data but the file holds "
                            + dataBytes
                            + (expected > dataBytes ? " (truncated)" : " (trailing bytes)"));
        }
    }

    /**
     * The exception for a file that breaks the format.
     *
     * @param file the file
     * @param what what is wrong
     * @return the exception, naming the file
     */
    static IOException damaged(Path file, String what) {
        return new IOException(file + " is not a valid safetensors file: " + what);
    }
}
