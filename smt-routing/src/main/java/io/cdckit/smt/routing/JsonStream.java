package io.cdckit.smt.routing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One streaming pass over a JSON document (no tree): it writes the document's shape as text (the
 * key {@link JsonPayloads} caches shapes by) and, guided by a compiled {@link JsonShape}, converts
 * the document to Connect data on the way. The value is good only when the shape fits every token
 * and the text written equals the shape's own: a document of the shape converted by it, exactly as
 * {@link JsonShape#value} converts its tree. One per thread; not thread-safe.
 *
 * <p>The text: {@code s} string, {@code t} boolean, {@code i} int32, {@code l} int64, {@code d}
 * other number, {@code n} null, {@code {3:key<shape>...}} an object (each key with its length, a
 * repeated key as often as it occurs), {@code [<shape>,...]} an array with each distinct element
 * shape once, in the order of first occurrence.
 */
final class JsonStream {

    /** The result of a pass whose shape did not fit (or that had none): only the text is of use. */
    static final Object UNFIT = new Object();
    private static final Object ABSENT = new Object();

    private final StringBuilder text = new StringBuilder(256);
    private int[] regions = new int[32];
    private int top;

    /** The shape text of the last pass. */
    StringBuilder text() {
        return text;
    }

    /**
     * Reads the document at the parser's first token, writing its shape text; returns its value as
     * {@code shape} converts it ({@code schemaless}: Maps and Lists), or {@link #UNFIT}.
     */
    Object read(JsonParser p, JsonShape shape, boolean schemaless) throws IOException {
        if (text.length() > 4096) {
            text.setLength(0);
            text.trimToSize(); // a huge document once: not kept for the thread's life
        }
        text.setLength(0);
        top = 0;
        return value(p, p.currentToken(), shape, schemaless);
    }

    private Object value(JsonParser p, JsonToken t, JsonShape shape, boolean schemaless) throws IOException {
        switch (t) {
            case START_OBJECT:
                return object(p, shape instanceof JsonShape.Struct s ? s : null, schemaless);
            case START_ARRAY:
                return array(p, shape instanceof JsonShape.Array a ? a : null, schemaless);
            case VALUE_STRING:
                text.append('s');
                return shape == JsonShape.Leaf.STRING ? p.getText() : UNFIT;
            case VALUE_TRUE:
            case VALUE_FALSE:
                text.append('t');
                return shape == JsonShape.Leaf.BOOLEAN ? t == JsonToken.VALUE_TRUE : UNFIT;
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        text.append('i');
                        return shape == JsonShape.Leaf.INT ? p.getIntValue() : UNFIT;
                    case LONG:
                        text.append('l');
                        return shape == JsonShape.Leaf.LONG ? p.getLongValue() : UNFIT;
                    default: // beyond 64 bits: its nearest double, as the tree's BigIntegerNode gives
                        text.append('d');
                        return shape == JsonShape.Leaf.DOUBLE ? p.getBigIntegerValue().doubleValue() : UNFIT;
                }
            case VALUE_NUMBER_FLOAT:
                text.append('d');
                return shape == JsonShape.Leaf.DOUBLE ? p.getDoubleValue() : UNFIT;
            case VALUE_NULL:
                text.append('n');
                return shape == null ? UNFIT : null; // a null is null in every shape
            default:
                text.append('x');
                p.skipChildren();
                return UNFIT;
        }
    }

    /**
     * An object: each key is its field's (the shape's keys are looked for in order first), a key
     * the shape has no field for is read for the text only, as the tree's conversion ignores it.
     */
    private Object object(JsonParser p, JsonShape.Struct shape, boolean schemaless) throws IOException {
        text.append('{');
        boolean fit = shape != null;
        String[] keys = fit ? shape.jsonKeys : null;
        org.apache.kafka.connect.data.Struct struct = null;
        Object[] slots = null;
        if (fit && !schemaless) {
            struct = shape.writer().newStruct();
            slots = shape.writer().slots(struct);
        } else if (fit) {
            slots = new Object[keys.length];
            Arrays.fill(slots, ABSENT);
        }
        int next = 0;
        boolean[] unfit = null; // the fields whose value so far does not fit
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String key = p.currentName();
            text.append(key.length()).append(':').append(key);
            t = p.nextToken();
            int i = -1;
            if (fit) {
                i = next < keys.length && keys[next].equals(key) ? next : indexOf(keys, key);
                next = i + 1;
            }
            Object v = value(p, t, i < 0 ? null : shape.children[i], schemaless);
            if (i < 0) {
                continue;
            }
            if (v == UNFIT) { // unless the key comes again: then its last value is the one that counts
                unfit = unfit == null ? new boolean[keys.length] : unfit;
                unfit[i] = true;
                continue;
            }
            if (unfit != null) {
                unfit[i] = false;
            }
            if (schemaless) {
                slots[i] = v;
            } else {
                shape.writer().set(struct, slots, i, v);
            }
        }
        text.append('}');
        if (!fit || unfit != null && anyOf(unfit)) {
            return UNFIT;
        }
        return schemaless ? map(shape, slots) : struct;
    }

    private static boolean anyOf(boolean[] flags) {
        for (boolean f : flags) {
            if (f) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(String[] keys, String key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** The map of a schemaless object, its keys in the shape's order (as the tree's conversion puts them). */
    private static Map<String, Object> map(JsonShape.Struct shape, Object[] slots) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != ABSENT) {
                m.put(shape.names()[i], slots[i]);
            }
        }
        return m;
    }

    private Object array(JsonParser p, JsonShape.Array shape, boolean schemaless) throws IOException {
        text.append('[');
        boolean fit = shape != null;
        List<Object> out = fit ? new ArrayList<>() : null;
        int base = top;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            int start = text.length();
            Object v = value(p, t, fit ? shape.element : null, schemaless);
            if (seen(base, start)) {
                text.setLength(start);
            } else {
                push(start, text.length());
                text.append(',');
            }
            if (v == UNFIT) {
                fit = false;
                out = null;
            } else if (fit) {
                out.add(v);
            }
        }
        top = base;
        text.append(']');
        return fit ? out : UNFIT;
    }

    /** Whether the text from {@code start} to the end equals a region pushed since {@code base}. */
    private boolean seen(int base, int start) {
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

    private void push(int start, int end) {
        if (top + 2 > regions.length) {
            regions = Arrays.copyOf(regions, regions.length * 2);
        }
        regions[top++] = start;
        regions[top++] = end;
    }
}
