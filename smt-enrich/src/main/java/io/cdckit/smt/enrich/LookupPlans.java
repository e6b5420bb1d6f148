package io.cdckit.smt.enrich;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.path.MapPaths;
import io.cdckit.core.path.ResolvedPath;
import io.cdckit.core.row.FieldOperation;
import io.cdckit.core.row.RowContext;
import io.cdckit.core.row.RowPlan;
import io.cdckit.core.row.RowPlans;
import io.cdckit.core.row.ValueSource;
import io.cdckit.smt.enrich.LookupConfig.TargetMode;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Lookup's row plans: per row schema, the key fields resolved once into readers, and the fields
 * added from the looked-up row (one struct field, or one field per column). The key a reader gives
 * is the cache's key: the value itself for one key field (no allocation on a cache hit), a
 * {@link Parts} for several; bytes are compared by content.
 */
final class LookupPlans {

    /** Finds the row of one image's key, after the miss and error policies; null when the image gets nothing. */
    @FunctionalInterface
    interface Finder {
        LookupRow find(Object key, RowContext context);
    }

    /** The key of several key fields, with value equality. */
    record Parts(List<Object> values) {
    }

    private final List<FieldPath> keyFields;
    private final TargetMode mode;
    private final String target;
    private final Finder finder;
    /** Merge mode asks once per image for all its columns: the last context's row, per thread. */
    private final ThreadLocal<Object[]> lastFound = ThreadLocal.withInitial(() -> new Object[2]);

    LookupPlans(List<FieldPath> keyFields, TargetMode mode, String target, Finder finder) {
        this.keyFields = List.copyOf(keyFields);
        this.mode = mode;
        this.target = target;
        this.finder = finder;
    }

    /** The values of the key fields, in order, of a key a reader gave. */
    static List<Object> parts(Object key) {
        List<Object> values = key instanceof Parts p ? p.values() : List.of(key);
        if (values.stream().noneMatch(v -> v instanceof ByteBuffer)) {
            return values;
        }
        List<Object> out = new ArrayList<>(values.size());
        for (Object v : values) {
            if (v instanceof ByteBuffer b) {
                byte[] bytes = new byte[b.remaining()];
                b.duplicate().get(bytes);
                out.add(bytes);
            } else {
                out.add(v);
            }
        }
        return out;
    }

    /** The plans once the source's columns are known. */
    RowPlans forColumns(Schema columns) {
        RowPlan schemaless = plan(columns, this::mapKey);
        return new RowPlans() {
            @Override
            public RowPlan forSchema(Schema rowSchema, Schema envelopeSchema) {
                return plan(columns, structKey(rowSchema));
            }

            @Override
            public RowPlan schemaless() {
                return schemaless;
            }
        };
    }

    /** Reads the key of one row: null when a part is null. */
    @FunctionalInterface
    private interface KeyReader {
        Object read(Object row);
    }

    private RowPlan plan(Schema columns, KeyReader reader) {
        RowPlan.Builder plan = RowPlan.builder();
        if (mode == TargetMode.STRUCT) {
            FieldPath path = FieldPath.literal(target);
            plan.field(path, FieldOperation.remove()); // a field of that name is replaced, whatever its type
            plan.add(path, columns, ValueSource.of(columns, context -> {
                if (context.isPartialImage()) {
                    return ValueSource.NONE;
                }
                LookupRow row = finder.find(reader.read(context.row()), context);
                return row == null ? null : context.row() instanceof Struct ? row.struct() : row.map();
            }, "looked up by " + keyFields));
            return plan.build();
        }
        List<Field> fields = columns.fields();
        for (int i = 0; i < fields.size(); i++) {
            Field column = fields.get(i);
            boolean first = i == 0;
            FieldPath path = FieldPath.literal(target + column.name());
            plan.field(path, FieldOperation.remove());
            plan.add(path, column.schema(), ValueSource.of(column.schema(), context -> {
                if (context.isPartialImage()) {
                    return ValueSource.NONE;
                }
                LookupRow row = first ? found(reader, context) : lastFound(reader, context);
                return row == null ? null : context.row() instanceof Struct ? row.struct().get(column)
                        : row.map().get(column.name());
            }, "looked up by " + keyFields));
        }
        return plan.build();
    }

    private LookupRow found(KeyReader reader, RowContext context) {
        LookupRow row = finder.find(reader.read(context.row()), context);
        Object[] last = lastFound.get();
        last[0] = context;
        last[1] = row;
        return row;
    }

    private LookupRow lastFound(KeyReader reader, RowContext context) {
        Object[] last = lastFound.get();
        return last[0] == context ? (LookupRow) last[1] : found(reader, context);
    }

    // ------------------------------------------------------------------ keys

    private KeyReader structKey(Schema rowSchema) {
        ResolvedPath[] paths = new ResolvedPath[keyFields.size()];
        for (int i = 0; i < paths.length; i++) {
            FieldPath path = keyFields.get(i);
            List<ResolvedPath> resolved = path.resolve(rowSchema); // a missing field throws, naming the path
            Schema.Type type = resolved.get(0).schema().type();
            if (type == Schema.Type.STRUCT || type == Schema.Type.ARRAY || type == Schema.Type.MAP) {
                throw new FieldPathException(path.toString(), "a lookup key field must hold a single value, not "
                        + "a " + type, null);
            }
            paths[i] = resolved.get(0);
        }
        if (paths.length == 1) {
            ResolvedPath only = paths[0];
            return row -> keyValue(only.get((Struct) row));
        }
        return row -> {
            Object[] values = new Object[paths.length];
            for (int i = 0; i < values.length; i++) {
                Object v = keyValue(paths[i].get((Struct) row));
                if (v == null) {
                    return null;
                }
                values[i] = v;
            }
            return new Parts(Arrays.asList(values));
        };
    }

    private Object mapKey(Object row) {
        Map<?, ?> map = (Map<?, ?>) row;
        if (keyFields.size() == 1) {
            return mapValue(map, keyFields.get(0));
        }
        Object[] values = new Object[keyFields.size()];
        for (int i = 0; i < values.length; i++) {
            Object v = mapValue(map, keyFields.get(i));
            if (v == null) {
                return null;
            }
            values[i] = v;
        }
        return new Parts(Arrays.asList(values));
    }

    private static Object mapValue(Map<?, ?> map, FieldPath path) {
        Object v = path.lookup(map);
        if (v == MapPaths.MISSING) {
            throw new FieldPathException(path.toString(), "the row has no such field for the lookup key", null);
        }
        if (v instanceof Map || v instanceof List || v instanceof Struct) {
            throw new FieldPathException(path.toString(), "a lookup key field must hold a single value, not a "
                    + (v instanceof Struct ? "struct" : v instanceof Map ? "map" : "list"), null);
        }
        return keyValue(v);
    }

    private static Object keyValue(Object v) {
        return v instanceof byte[] b ? ByteBuffer.wrap(b) : v;
    }
}
