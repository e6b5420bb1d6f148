package io.cdckit.smt.unwrap;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.record.RawStructs;
import io.cdckit.core.row.SchemaGuard;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The comparison behind {@link ChangedFields}: which fields of a row differ between the
 * {@code before} and {@code after} images of a change event.
 *
 * <p>For {@code Struct} rows the comparison is compiled once per pair of row schemas into a
 * {@link StructDiff} (fields paired by name, report names computed, raw-read strategy chosen) and
 * then applied to each record. Schemaless {@code Map} rows are compared by {@link #diffMaps}.
 *
 * <p>Both write names into optional lists ({@code null} means "not wanted") and return whether
 * anything changed. Values are compared raw (a {@code null} is never replaced by the column's
 * default), bytes by content, decimals by numeric value, lists, maps and structs element by element.
 */
final class ChangedFieldsDiff {

    private ChangedFieldsDiff() {
    }

    // ------------------------------------------------------------------ Struct rows

    /** One field of the {@code after} row, paired with the {@code before} field of the same name. */
    private static final class Entry {
        final String path;
        final Field after;
        final Field before;
        final StructDiff child;

        Entry(String path, Field after, Field before, StructDiff child) {
            this.path = path;
            this.after = after;
            this.before = before;
            this.child = child;
        }
    }

    /** The compiled comparison of an {@code after} row schema with a {@code before} row schema. */
    static final class StructDiff {
        private final Entry[] entries;
        private final String[] beforeOnly;
        /** Refuse images of other schemas than the compiled ones, whose fields would be read by the wrong positions. */
        private final SchemaGuard afterGuard;
        private final SchemaGuard beforeGuard;
        private final String afterPath;
        private final String beforePath;

        private StructDiff(Entry[] entries, String[] beforeOnly, Schema after, Schema before, String prefix) {
            this.entries = entries;
            this.beforeOnly = beforeOnly;
            this.afterGuard = new SchemaGuard(after);
            this.beforeGuard = new SchemaGuard(before);
            this.afterPath = prefix == null ? "after" : "after." + prefix;
            this.beforePath = prefix == null ? "before" : "before." + prefix;
        }

        /**
         * @param after   the schema of the after image (STRUCT)
         * @param before  the schema of the before image (STRUCT)
         * @param prefix  the report path of the struct holding these fields, null at the top level
         * @param paths   whether struct-typed fields are compared field by field (nested paths)
         * @param exclude a top-level field name left out of the comparison, or null
         */
        static StructDiff compile(Schema after, Schema before, String prefix, boolean paths, String exclude) {
            List<Entry> entries = new ArrayList<>(after.fields().size());
            for (Field a : after.fields()) {
                if (a.name().equals(exclude)) {
                    continue;
                }
                String path = path(prefix, a.name(), paths);
                Field b = before.field(a.name());
                StructDiff child = null;
                if (paths && b != null && a.schema().type() == Schema.Type.STRUCT
                        && b.schema().type() == Schema.Type.STRUCT) {
                    child = compile(a.schema(), b.schema(), path, true, null);
                }
                entries.add(new Entry(path, a, b, child));
            }
            List<String> beforeOnly = new ArrayList<>();
            for (Field b : before.fields()) {
                if (!b.name().equals(exclude) && after.field(b.name()) == null) {
                    beforeOnly.add(path(prefix, b.name(), paths));
                }
            }
            return new StructDiff(entries.toArray(new Entry[0]), beforeOnly.toArray(new String[0]), after, before,
                    prefix);
        }

        /**
         * Compares two rows whose schemas are (equal to) the ones this diff was compiled for.
         *
         * @return true if some field changed
         * @throws io.cdckit.core.path.FieldPathException if a row is no struct, or a struct of another schema
         */
        boolean diff(Object afterRow, Object beforeRow, Placeholder placeholder,
                     List<String> changed, List<String> unchanged) {
            Struct after = afterGuard.check(afterRow, afterPath);
            Struct before = beforeGuard.check(beforeRow, beforePath);
            boolean any = false;
            for (Entry e : entries) {
                if (e.before == null) {
                    any = true;
                    add(changed, e.path);
                    continue;
                }
                Object a = RawStructs.get(after, e.after);
                Object b = RawStructs.get(before, e.before);
                if (e.child != null && a instanceof Struct && b instanceof Struct) {
                    int mark = unchanged == null ? 0 : unchanged.size();
                    if (e.child.diff(a, b, placeholder, changed, unchanged)) {
                        any = true;
                    } else if (unchanged != null) {
                        // an unchanged struct is reported once, by its own path
                        unchanged.subList(mark, unchanged.size()).clear();
                        unchanged.add(e.path);
                    }
                } else if (valuesEqual(a, b) || (placeholder != null && placeholder.matches(a))) {
                    add(unchanged, e.path);
                } else {
                    any = true;
                    add(changed, e.path);
                }
            }
            for (String p : beforeOnly) {
                any = true;
                add(changed, p);
            }
            return any;
        }
    }

    // ------------------------------------------------------------------ Map rows

    /**
     * Compares two schemaless rows: the keys of {@code after} in its order, then keys only in
     * {@code before}.
     *
     * @return true if some field changed
     */
    static boolean diffMaps(Map<?, ?> after, Map<?, ?> before, String prefix, boolean paths, String exclude,
                            Placeholder placeholder, List<String> changed, List<String> unchanged) {
        boolean any = false;
        for (Map.Entry<?, ?> e : after.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (name.equals(exclude)) {
                continue;
            }
            String path = path(prefix, name, paths);
            if (!before.containsKey(e.getKey())) {
                any = true;
                add(changed, path);
                continue;
            }
            Object a = e.getValue();
            Object b = before.get(e.getKey());
            if (paths && a instanceof Map && b instanceof Map) {
                int mark = unchanged == null ? 0 : unchanged.size();
                if (diffMaps((Map<?, ?>) a, (Map<?, ?>) b, path, true, null, placeholder, changed, unchanged)) {
                    any = true;
                } else if (unchanged != null) {
                    unchanged.subList(mark, unchanged.size()).clear();
                    unchanged.add(path);
                }
            } else if (valuesEqual(a, b) || (placeholder != null && placeholder.matches(a))) {
                add(unchanged, path);
            } else {
                any = true;
                add(changed, path);
            }
        }
        for (Object key : before.keySet()) {
            String name = String.valueOf(key);
            if (!name.equals(exclude) && !after.containsKey(key)) {
                any = true;
                add(changed, path(prefix, name, paths));
            }
        }
        return any;
    }

    // ------------------------------------------------------------------ names

    /**
     * The report name of a field: its plain name in flat mode (as Debezium writes it); in paths
     * mode the canonical field-path text, with names holding dots or other special characters
     * in backticks, joined to the parent's path by a dot.
     */
    static String path(String prefix, String name, boolean paths) {
        if (!paths) {
            return name;
        }
        String segment = FieldPath.literal(name).toString();
        return prefix == null ? segment : prefix + "." + segment;
    }

    private static void add(List<String> list, String name) {
        if (list != null) {
            list.add(name);
        }
    }

    // ------------------------------------------------------------------ values

    /**
     * Whether two raw column values are the same: bytes ({@code byte[]} or {@code ByteBuffer}, in
     * any mix) by content, {@link BigDecimal}s by numeric value (1.5 equals 1.50), lists, maps and
     * structs element by element with these same rules (struct fields read raw), anything else by
     * {@code equals}.
     */
    static boolean valuesEqual(Object x, Object y) {
        if (x == y) {
            return true;
        }
        if (x == null || y == null) {
            return false;
        }
        if (x instanceof String || x instanceof Long || x instanceof Integer || x instanceof Boolean) {
            return x.equals(y);
        }
        if (x instanceof BigDecimal) {
            return y instanceof BigDecimal && ((BigDecimal) x).compareTo((BigDecimal) y) == 0;
        }
        if (isBytes(x)) {
            return isBytes(y) && bytesEqual(x, y);
        }
        if (x instanceof Struct) {
            return y instanceof Struct && structsEqual((Struct) x, (Struct) y);
        }
        if (x instanceof List) {
            return y instanceof List && listsEqual((List<?>) x, (List<?>) y);
        }
        if (x instanceof Map) {
            return y instanceof Map && mapsEqual((Map<?, ?>) x, (Map<?, ?>) y);
        }
        return Objects.deepEquals(x, y);
    }

    private static boolean structsEqual(Struct x, Struct y) {
        Schema sx = x.schema();
        Schema sy = y.schema();
        if (sx != sy && !sx.equals(sy)) {
            return false;
        }
        for (Field f : sx.fields()) {
            if (!valuesEqual(RawStructs.get(x, f), RawStructs.get(y, f))) {
                return false;
            }
        }
        return true;
    }

    private static boolean listsEqual(List<?> x, List<?> y) {
        int n = x.size();
        if (n != y.size()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!valuesEqual(x.get(i), y.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean mapsEqual(Map<?, ?> x, Map<?, ?> y) {
        if (x.size() != y.size()) {
            return false;
        }
        for (Map.Entry<?, ?> e : x.entrySet()) {
            Object k = e.getKey();
            if (!y.containsKey(k) || !valuesEqual(e.getValue(), y.get(k))) {
                return false;
            }
        }
        return true;
    }

    static boolean isBytes(Object o) {
        return o instanceof byte[] || o instanceof ByteBuffer;
    }

    /** Content equality of two byte values; a ByteBuffer's remaining bytes count, its position is not moved. */
    static boolean bytesEqual(Object x, Object y) {
        if (x instanceof byte[] && y instanceof byte[]) {
            return java.util.Arrays.equals((byte[]) x, (byte[]) y);
        }
        int nx = length(x);
        if (nx != length(y)) {
            return false;
        }
        for (int i = 0; i < nx; i++) {
            if (byteAt(x, i) != byteAt(y, i)) {
                return false;
            }
        }
        return true;
    }

    private static int length(Object bytes) {
        return bytes instanceof byte[] ? ((byte[]) bytes).length : ((ByteBuffer) bytes).remaining();
    }

    private static byte byteAt(Object bytes, int i) {
        if (bytes instanceof byte[]) {
            return ((byte[]) bytes)[i];
        }
        ByteBuffer b = (ByteBuffer) bytes;
        return b.get(b.position() + i);
    }

    // ------------------------------------------------------------------ the TOAST placeholder

    /**
     * Recognises the value Debezium's PostgreSQL connector puts in the {@code after} image for an
     * unchanged TOAST column (its {@code unavailable.value.placeholder}), in each form the connector
     * uses: the text for string columns (text, varchar, json, xml...), its UTF-8 bytes for bytea, a
     * one-element list of the text, of the bytes or of the name-based UUID of the bytes for text[],
     * bytea[] and uuid[] arrays, a list of the byte values as Integer or Long for int[] and bigint[]
     * arrays, and a one-entry map from the text to the text for hstore columns in map mode.
     */
    static final class Placeholder {
        private final String text;
        private final byte[] bytes;
        private final String uuid;

        Placeholder(String text) {
            this.text = text;
            this.bytes = text.getBytes(StandardCharsets.UTF_8);
            this.uuid = java.util.UUID.nameUUIDFromBytes(bytes).toString();
        }

        boolean matches(Object v) {
            if (v instanceof String) {
                return text.equals(v);
            }
            if (isBytes(v)) {
                return bytesEqual(v, bytes);
            }
            if (v instanceof List) {
                return matchesList((List<?>) v);
            }
            if (v instanceof Map) {
                Map<?, ?> m = (Map<?, ?>) v;
                return m.size() == 1 && text.equals(m.get(text));
            }
            return false;
        }

        private boolean matchesList(List<?> list) {
            int n = list.size();
            if (n == 1) {
                Object e = list.get(0);
                if (e instanceof String) {
                    return text.equals(e) || uuid.equals(e);
                }
                if (isBytes(e)) {
                    return bytesEqual(e, bytes);
                }
            }
            if (n != bytes.length || n == 0) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                Object e = list.get(i);
                if (!(e instanceof Integer || e instanceof Long) || ((Number) e).longValue() != bytes[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
