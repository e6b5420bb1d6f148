package io.cdckit.examples.fuzz;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Reading rows out of fuzzed values without validating them (Structs raw, maps as they are). */
final class Rows {

    private Rows() {
    }

    /** The value of field {@code name} of a Struct or Map row, or {@link #ABSENT}. */
    static Object get(Object row, Object name) {
        if (row instanceof Struct s) {
            Field f = name instanceof String n ? s.schema().field(n) : null;
            return f == null ? ABSENT : Raw.values(s)[f.index()];
        }
        if (row instanceof Map<?, ?> m) {
            return m.containsKey(name) ? m.get(name) : ABSENT;
        }
        return ABSENT;
    }

    static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "(absent)";
        }
    };

    /**
     * The row images of a value by name: before and after of an envelope (Struct or Map), Maxwell's
     * data, or the value itself as "row" when it is a Struct or Map without images.
     */
    static Map<String, Object> images(Object value) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean envelope = false;
        for (String image : List.of("before", "after", "data")) {
            Object v = get(value, image);
            if (v != ABSENT) {
                envelope = true;
                if (v instanceof Struct || v instanceof Map) {
                    out.put(image, v);
                }
            }
        }
        if (!envelope && (value instanceof Struct || value instanceof Map)) {
            out.put("row", value);
        }
        return out;
    }

    static boolean same(Object a, Object b) {
        return Objects.deepEquals(a, b);
    }

    static boolean marked(Object v) {
        return v instanceof String s && s.contains(Gen.MARK);
    }
}
