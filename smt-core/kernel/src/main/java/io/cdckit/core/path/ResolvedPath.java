package io.cdckit.core.path;

import io.cdckit.core.record.RawStructs;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Consumer;

/**
 * A concrete field path resolved against one struct schema by {@link FieldPath#resolve(Schema)}:
 * no patterns, every step known, with fast readers for {@link Struct}s of that schema.
 *
 * <p>Everything is computed at resolve time: reads go by field index with
 * {@link Struct#get(Field)}, with no parsing and no lookups by name; raw reads ({@code ...WithoutDefault})
 * go by index too ({@link RawStructs#get}).
 *
 * <p>The readers expect a struct of the schema this path was resolved against (or an equal one);
 * this is not checked per record. Instances are immutable and thread-safe.
 */
public final class ResolvedPath {

    private static final byte FIELD = 0;
    private static final byte ARRAY = 1;
    private static final byte MAP = 2;

    private final Schema rootSchema;
    private final FieldPath path;
    private final Schema schema;
    /** One entry per step: the struct field to read, or null for a {@code [*]} step. */
    private final Field[] fields;
    /** One entry per step: {@link #FIELD}, {@link #ARRAY} or {@link #MAP}. */
    private final byte[] kinds;
    /** One entry per step: true if the field's schema has a default, so raw reads go by name. */
    private final boolean[] hasDefault;
    private final boolean multiValued;

    ResolvedPath(Schema rootSchema, FieldPath path, Schema schema, List<Field> steps, List<Schema.Type> types) {
        this.rootSchema = rootSchema;
        this.path = path;
        this.schema = schema;
        int n = steps.size();
        this.fields = steps.toArray(new Field[0]);
        this.kinds = new byte[n];
        this.hasDefault = new boolean[n];
        for (int i = 0; i < n; i++) {
            Schema.Type type = types.get(i);
            kinds[i] = type == Schema.Type.ARRAY ? ARRAY : type == Schema.Type.MAP ? MAP : FIELD;
            hasDefault[i] = fields[i] != null && fields[i].schema().defaultValue() != null;
        }
        this.multiValued = path.hasElements();
    }

    /** @return the concrete path, e.g. {@code after.items[*].sku}; never has patterns */
    public FieldPath path() {
        return path;
    }

    /** @return the schema this path was resolved against */
    public Schema rootSchema() {
        return rootSchema;
    }

    /** @return the schema of the value at the end of the path (the element schema if it ends in {@code [*]}) */
    public Schema schema() {
        return schema;
    }

    /**
     * @return the struct field at the end of the path, or null if the path ends in {@code [*]}
     *         (it then addresses the elements of an ARRAY or the values of a MAP)
     */
    public Field field() {
        return fields[fields.length - 1];
    }

    /** @return true if the path crosses {@code [*]} and so may address any number of values */
    public boolean isMultiValued() {
        return multiValued;
    }

    /**
     * Reads a single-valued path the way {@link Struct#get(Field)} does: at every step a null value
     * is replaced by the field schema's default value, if it has one.
     *
     * @param root a struct of {@link #rootSchema()}; null gives null
     * @return the value, or null if it is null or a parent on the way is null
     * @throws IllegalStateException if the path {@linkplain #isMultiValued() is multi-valued}
     */
    public Object get(Struct root) {
        return read(root, true);
    }

    /**
     * Reads a single-valued path raw, like {@link Struct#getWithoutDefault(String)}: null values
     * stay null even where the field schema has a default.
     *
     * @param root a struct of {@link #rootSchema()}; null gives null
     * @return the value, or null if it is null or a parent on the way is null
     * @throws IllegalStateException if the path {@linkplain #isMultiValued() is multi-valued}
     */
    public Object getWithoutDefault(Struct root) {
        return read(root, false);
    }

    private Object read(Struct root, boolean defaults) {
        if (multiValued) {
            throw new IllegalStateException("Field path '" + path + "' crosses [*] and may address several values; "
                + "use forEach");
        }
        Object current = root;
        for (int i = 0; i < fields.length; i++) {
            if (current == null) {
                return null;
            }
            current = readField((Struct) current, i, defaults);
        }
        return current;
    }

    /**
     * Visits every value the path addresses, applying field defaults like {@link #get(Struct)}.
     * Works for single-valued paths too.
     *
     * <p>The action receives every value at the end of the path, null values included (so a
     * single-valued path always gives exactly one call when all its parents are present). A null
     * parent, null list element or null map value on the way has nothing under it and is skipped.
     * ARRAY elements are visited in order, MAP values in the map's iteration order.
     *
     * @param root   a {@link Struct} of {@link #rootSchema()}; null visits nothing
     * @param action receives each value
     * @throws FieldPathException if root is not a Struct
     */
    public void forEach(Object root, Consumer<Object> action) {
        visit(checkRoot(root), 0, true, Objects.requireNonNull(action, "action"));
    }

    /**
     * Like {@link #forEach(Object, Consumer)}, but reads raw: null values stay null even where the
     * field schema has a default.
     *
     * @param root   a {@link Struct} of {@link #rootSchema()}; null visits nothing
     * @param action receives each value
     * @throws FieldPathException if root is not a Struct
     */
    public void forEachWithoutDefault(Object root, Consumer<Object> action) {
        visit(checkRoot(root), 0, false, Objects.requireNonNull(action, "action"));
    }

    private Object checkRoot(Object root) {
        if (root != null && !(root instanceof Struct)) {
            throw new FieldPathException("Field path '" + path + "' reads Struct values, not "
                + root.getClass().getName());
        }
        return root;
    }

    private void visit(Object current, int step, boolean defaults, Consumer<Object> action) {
        for (int i = step; i < fields.length; i++) {
            if (current == null) {
                return;
            }
            byte kind = kinds[i];
            if (kind == FIELD) {
                current = readField((Struct) current, i, defaults);
            } else if (kind == ARRAY) {
                List<?> list = (List<?>) current;
                if (list instanceof RandomAccess) {
                    for (int j = 0, n = list.size(); j < n; j++) {
                        visit(list.get(j), i + 1, defaults, action);
                    }
                } else {
                    for (Object element : list) {
                        visit(element, i + 1, defaults, action);
                    }
                }
                return;
            } else {
                for (Object value : ((Map<?, ?>) current).values()) {
                    visit(value, i + 1, defaults, action);
                }
                return;
            }
        }
        action.accept(current);
    }

    private Object readField(Struct struct, int i, boolean defaults) {
        Field field = fields[i];
        return defaults || !hasDefault[i] ? struct.get(field) : RawStructs.get(struct, field);
    }

    /** @return how many steps the path takes: one per field, one per {@code [*]} */
    public int steps() {
        return fields.length;
    }

    /** @return the struct field read at a step, or null for a {@code [*]} step */
    public Field stepField(int step) {
        return fields[step];
    }

    /** @return the canonical text of the concrete path */
    @Override
    public String toString() {
        return path.toString();
    }
}
