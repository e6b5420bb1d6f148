package io.cdckit.smt.routing;

import io.cdckit.core.cache.PlanCache;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

import java.util.Map;
import java.util.function.Function;

/**
 * {@code table.expand.json.payload}: a payload column's JSON text turned into Connect data, its
 * schema inferred ({@link JsonShapes}) once per shape of document, not per record.
 *
 * <p>A document's shape is what its schema depends on: the types and the object keys, in order, at
 * every depth, and for an array the distinct shapes of its elements in the order they first occur.
 * It is written as a compact text (the cache key, with the payload column, which names the struct);
 * the schema and the conversion compiled for it
 * are kept in a plan cache of the transform's {@code schema.cache.size}, so that documents of the
 * same shape get the same {@code Schema} instance. Documents the rules give no schema (see
 * {@link JsonShapes.Unexpandable}) are cached as such, with the reason.
 *
 * <p>Text is expanded when it starts with {@code {} or {@code [} (as Debezium's, no leading
 * whitespace) and parses as JSON (Jackson's defaults: text after the first value is ignored, a
 * repeated key keeps its last value); otherwise it is left as it is, with a reason that quotes
 * nothing of it. Thread-safe.
 */
final class JsonPayloads {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What became of a payload: its schema and value, or why it stays text. */
    record Expansion(Schema schema, Object value, String problem) {
        static Expansion refused(String problem) {
            return new Expansion(null, null, problem);
        }
    }

    private final JsonShapes shapes;
    private final PlanCache<ShapeKey, Object> plans;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    /**
     * @param cache makes the transform's cache of shapes (a measured plan cache, by equality)
     */
    JsonPayloads(JsonShapes shapes, Function<Function<ShapeKey, Object>, PlanCache<ShapeKey, Object>> cache) {
        this.shapes = shapes;
        this.plans = cache.apply(this::compile);
    }

    /** The cached compilations (the shapes seen), for tests. */
    PlanCache<ShapeKey, Object> cache() {
        return plans;
    }

    /**
     * The JSON text of the payload column {@code column} (which names the payload's struct) as
     * Connect data ({@code schemaless}: as Maps and Lists, with no schema), or refused with the reason.
     */
    Expansion expand(String column, String text, boolean schemaless) {
        if (text.isEmpty() || (text.charAt(0) != '{' && text.charAt(0) != '[')) {
            return Expansion.refused("it is not a JSON object or array (it must start with '{' or '[')");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return Expansion.refused("it is not valid JSON" + (at == null ? ""
                    : " (at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        Object plan = plans.get(new ShapeKey(column, signature(root), root));
        if (plan instanceof String problem) {
            return Expansion.refused(problem);
        }
        JsonShape shape = (JsonShape) plan;
        try {
            return new Expansion(schemaless ? null : shape.schema, shape.value(root, schemaless), null);
        } catch (JsonShape.Mismatch e) {
            return Expansion.refused(e.getMessage());
        }
    }

    private Object compile(ShapeKey key) {
        JsonNode sample = key.sample;
        key.sample = null; // the cache keeps the key: not the document
        try {
            return shapes.document(key.column, sample);
        } catch (JsonShapes.Unexpandable e) {
            return e.getMessage();
        } catch (DataException e) { // a schema Connect refuses: its message may quote a key, so it is not kept
            return "its inferred schema is not a valid Connect schema (" + e.getClass().getSimpleName() + ")";
        }
    }

    // ------------------------------------------------------------------ shapes as text

    /**
     * A document's shape as text: {@code s} string, {@code t} boolean, {@code i} int32, {@code l}
     * int64, {@code d} other number, {@code n} null, {@code {3:key<shape>...}} an object (each key
     * with its length), {@code [<shape>,...]} an array with each distinct element shape once, in the
     * order of first occurrence.
     */
    String signature(JsonNode root) {
        Scratch s = scratch.get();
        s.text.setLength(0);
        s.top = 0;
        write(root, s);
        String sig = s.text.toString();
        if (s.text.length() > 4096) {
            s.text.setLength(256);
            s.text.trimToSize(); // a huge document once: not kept for the thread's life
        }
        return sig;
    }

    private static void write(JsonNode n, Scratch s) {
        StringBuilder b = s.text;
        switch (n.getNodeType()) {
            case OBJECT:
                b.append('{');
                for (Map.Entry<String, JsonNode> e : n.properties()) {
                    String k = e.getKey();
                    b.append(k.length()).append(':').append(k);
                    write(e.getValue(), s);
                }
                b.append('}');
                break;
            case ARRAY: {
                b.append('[');
                int base = s.top;
                for (JsonNode e : n) {
                    int start = b.length();
                    write(e, s);
                    if (s.seen(base, start)) {
                        b.setLength(start);
                    } else {
                        s.push(start, b.length());
                        b.append(',');
                    }
                }
                s.top = base;
                b.append(']');
                break;
            }
            case STRING:
                b.append('s');
                break;
            case BOOLEAN:
                b.append('t');
                break;
            case NUMBER:
                b.append(n.isInt() ? 'i' : n.isLong() ? 'l' : 'd');
                break;
            case NULL:
                b.append('n');
                break;
            default:
                b.append('x');
        }
    }

    /** A thread's buffer for signatures, and the regions of the distinct elements of open arrays. */
    private static final class Scratch {
        final StringBuilder text = new StringBuilder(256);
        int[] regions = new int[32];
        int top;

        /** Whether the text from {@code start} to the end equals a region pushed since {@code base}. */
        boolean seen(int base, int start) {
            int length = text.length() - start;
            for (int r = base; r < top; r += 2) {
                int from = regions[r];
                if (regions[r + 1] - from == length && same(from, start, length)) {
                    return true;
                }
            }
            return false;
        }

        private boolean same(int a, int b, int length) {
            for (int i = 0; i < length; i++) {
                if (text.charAt(a + i) != text.charAt(b + i)) {
                    return false;
                }
            }
            return true;
        }

        void push(int start, int end) {
            if (top + 2 > regions.length) {
                regions = java.util.Arrays.copyOf(regions, regions.length * 2);
            }
            regions[top++] = start;
            regions[top++] = end;
        }
    }

    /**
     * The cache key: the payload column (it names the struct), a document's signature, and (until it
     * is compiled) the document itself, from which the shape's schema is inferred. Equal by column
     * and signature.
     */
    static final class ShapeKey {
        final String column;
        final String signature;
        volatile JsonNode sample;

        ShapeKey(String column, String signature, JsonNode sample) {
            this.column = column;
            this.signature = signature;
            this.sample = sample;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ShapeKey k && k.signature.equals(signature) && k.column.equals(column);
        }

        @Override
        public int hashCode() {
            return signature.hashCode() * 31 + column.hashCode();
        }

        @Override
        public String toString() {
            return signature;
        }
    }
}
