package io.cdckit.core.row;

import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.record.Describe;
import io.cdckit.core.record.RawStructs;
import io.cdckit.core.record.WithheldException;

import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.function.Function;

/**
 * The nodes a {@link StructForm} is compiled into: one per rewritten position (a struct, the
 * elements of an array or map, a replaced or added field), each knowing its output schema. Every
 * node returns values that fit its schema (replaced and added values are checked unless their
 * source proves it), so a struct node writes all its fields without re-validation.
 *
 * <p>Over 400 lines: the node kinds are small and share the checks of what they write; one file
 * keeps that contract in one place rather than spread over a dozen classes.
 */
final class StructNodes {

    private StructNodes() {
    }

    abstract static class Node {
        final Schema schema;

        Node(Schema schema) {
            this.schema = schema;
        }

        /** @return the rewritten value for {@code value} (null for an added field); never mutates the input */
        abstract Object apply(Object value, RowContext context);
    }

    /** A row rewritten by {@code inner} (null: as it is), then flattened: the last step of a plan that flattens. */
    static final class Flattened extends Node {
        private final Node inner;
        private final RowFlatten.Compiled flatten;

        Flattened(Node inner, RowFlatten.Compiled flatten) {
            super(flatten.outputSchema());
            this.inner = inner;
            this.flatten = flatten;
        }

        @Override
        Object apply(Object value, RowContext context) {
            Object rewritten = inner == null ? value : inner.apply(value, context);
            return rewritten == null ? null : flatten.apply((Struct) rewritten);
        }
    }

    /** Nothing changes at or below this position (compilation only; never applied). */
    static final class Unchanged extends Node {
        Unchanged(Schema schema) {
            super(schema);
        }

        @Override
        Object apply(Object value, RowContext context) {
            return value;
        }
    }

    /** An envelope's row image, rewritten by a row form with the context of that image. */
    static final class ImageOf extends Node {
        private final Node row;
        private final Image image;

        ImageOf(Node row, Image image) {
            super(row.schema);
            this.row = row;
            this.image = image;
        }

        @Override
        Object apply(Object value, RowContext context) {
            return row.apply(value, context == null ? null : context.forImage(value, image));
        }
    }

    /**
     * An array of an envelope's row images (Canal's {@code data} and {@code old}), each rewritten
     * by a row form with the context of its image, which {@code image} tells from the envelope.
     */
    static final class Rows extends Node {
        private final Node row;
        private final Function<Object, Image> image;
        private final boolean partial;

        Rows(Schema arraySchema, Node row, Function<Object, Image> image, boolean partial) {
            super(arraySchema);
            this.row = row;
            this.image = image;
            this.partial = partial;
        }

        @Override
        Object apply(Object value, RowContext context) {
            if (value == null) {
                return null;
            }
            List<?> in = (List<?>) value;
            Image which = context == null ? null : image.apply(context.envelope());
            List<Object> out = new ArrayList<>(in.size());
            for (Object element : in) {
                RowContext c = null;
                if (context != null) {
                    c = context.forImage(element, which);
                    c = partial ? c.asPartial() : c;
                }
                out.add(row.apply(element, c));
            }
            return out;
        }
    }

    /** A value replaced by a function, checked against the output schema. */
    static final class Replace extends Node {
        private final Function<Object, ?> function;
        private final String path;

        Replace(Schema schema, Function<Object, ?> function, String path) {
            super(schema);
            this.function = function;
            this.path = path;
        }

        @Override
        Object apply(Object value, RowContext context) {
            return checked(schema, call(function, value, path), path, "the operation's result");
        }
    }

    /** Runs an operation's function, reporting a failure with the path (a retriable one stays retriable). */
    static Object call(Function<Object, ?> function, Object value, String path) {
        try {
            return function.apply(value);
        } catch (RetriableException | FieldPathException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failed(path, "the operation on the field", e);
        }
    }

    /** Reads an added field's value from its source, reporting a failure with the path. */
    static Object compute(ValueSource source, RowContext context, String path) {
        try {
            return source.value(context);
        } catch (RetriableException | FieldPathException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failed(path, "computing the added field", e);
        }
    }

    /**
     * A function's or source's failure at {@code path}: a value-free {@code DataException} keeps its
     * message; any other exception is named by its class, its message withheld (it may quote the value).
     */
    private static FieldPathException failed(String path, String what, RuntimeException e) {
        if (e instanceof DataException && WithheldException.isValueFree((DataException) e)) {
            return new FieldPathException(path, e.getMessage(), e);
        }
        return new FieldPathException(path, what + " failed with " + e.getClass().getName(), WithheldException.of(e));
    }

    /** An added field's value, from its source; checked unless the source proves it fits. */
    static final class Add extends Node {
        private final ValueSource source;
        private final String path;
        private final boolean proven;
        /**
         * Values that are Structs of the field's own schema instance need no deep check: Struct.put
         * checked each field, and the schema has no required field a Struct could lack.
         */
        private final boolean sameStruct;

        Add(Schema schema, ValueSource source, String path, boolean proven) {
            super(schema);
            this.source = source;
            this.path = path;
            this.proven = proven;
            this.sameStruct = source.valueSchema() == schema && schema.type() == Schema.Type.STRUCT
                    && schema.isOptional() && noRequiredField(schema);
        }

        private static boolean noRequiredField(Schema struct) {
            for (Field f : struct.fields()) {
                Schema s = f.schema();
                if (!s.isOptional() || s.type() == Schema.Type.ARRAY || s.type() == Schema.Type.MAP
                        || s.type() == Schema.Type.STRUCT && !noRequiredField(s)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        Object apply(Object ignored, RowContext context) {
            Object v = compute(source, context, path);
            if (v == ValueSource.NONE) {
                v = null;
            }
            return proven || sameStruct && (v == null || v instanceof Struct st && st.schema() == schema) ? v
                    : checked(schema, v, path, "the added value");
        }
    }

    static Object checked(Schema schema, Object value, String path, String what) {
        try {
            ConnectSchema.validateValue(schema, value);
            return value;
        } catch (DataException e) {
            throw new FieldPathException(path, what + " does not fit the field's schema "
                    + Describe.schema(schema) + ": " + e.getMessage(), e);
        }
    }

    /**
     * A rebuilt struct: each output field copied from an input field (maybe rewritten) or added.
     * With RawStructs, the fields that keep their index are copied as one block
     * ({@code System.arraycopy}) and only the others are visited one by one.
     */
    static final class StructNode extends Node {
        private final RawStructs.Writer writer;
        /** Per output field: the index of the input field it comes from, or -1 for an added one. */
        private final int[] from;
        private final Field[] inFields;
        private final Node[] children;
        private final boolean[] hasDefault;
        private final boolean[] required;
        private final boolean defaults;
        private final boolean fresh;
        /** Output fields 0..prefix-1 come from the input fields of the same index. */
        private final int prefix;
        /** The output fields that need more than the block copy: moved, rewritten, defaulted, added. */
        private final int[] special;
        private final FieldPathException addsIntoNull;
        /** Checks the input struct's schema (its fields are read by position); null for a fresh struct. */
        private final SchemaGuard guard;

        /** A struct that is not in the input: made of added fields only. */
        StructNode(Schema schema, List<Field> inFields, List<Node> children, boolean defaults) {
            this(schema, null, inFields, children, defaults, null);
        }

        /**
         * @param inputSchema  the schema of the input struct at this position; null for a fresh struct
         * @param addsIntoNull for a nested struct the plan adds fields into: what a row where it is
         *                     null fails with (the added values would have nowhere to go); else null
         */
        StructNode(Schema schema, Schema inputSchema, List<Field> inFields, List<Node> children, boolean defaults,
                   FieldPathException addsIntoNull) {
            super(schema);
            this.addsIntoNull = addsIntoNull;
            this.guard = inputSchema == null ? null : new SchemaGuard(inputSchema);
            int n = schema.fields().size();
            List<Schema> proofs = new ArrayList<>(n);
            for (Field f : schema.fields()) {
                proofs.add(f.schema()); // every node's values fit its schema (see the class comment)
            }
            this.writer = RawStructs.writer(schema, proofs);
            this.from = new int[n];
            this.inFields = inFields.toArray(new Field[0]);
            this.children = children.toArray(new Node[0]);
            this.hasDefault = new boolean[n];
            this.required = new boolean[n];
            for (int i = 0; i < n; i++) {
                Field in = this.inFields[i];
                from[i] = in == null ? -1 : in.index();
                hasDefault[i] = in != null && in.schema().defaultValue() != null;
                required[i] = in != null && !in.schema().isOptional();
            }
            this.defaults = defaults;
            this.fresh = inputSchema == null;
            int p = 0;
            while (p < n && from[p] == p) {
                p++;
            }
            this.prefix = p;
            List<Integer> rest = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (i >= p || this.children[i] != null || (defaults && hasDefault[i])) {
                    rest.add(i);
                }
            }
            this.special = rest.stream().mapToInt(Integer::intValue).toArray();
        }

        @Override
        Object apply(Object value, RowContext context) {
            if (value == null && !fresh) {
                if (addsIntoNull != null && addsAValue(context)) {
                    throw new FieldPathException(addsIntoNull.path(), addsIntoNull.getMessage(), null);
                }
                return null;
            }
            Struct in = guard == null ? null : guard.check(value);
            Struct out = writer.newStruct();
            Object[] slots = writer.slots(out);
            Object[] raw = in == null ? null : RawStructs.read(in);
            if (slots == null || (raw == null && in != null)) {
                return putAll(in, out, slots, context);
            }
            if (prefix > 0) {
                System.arraycopy(raw, 0, slots, 0, prefix);
            }
            for (int i : special) {
                int f = from[i];
                Object v = f < 0 ? null : raw[f];
                if (v == null && defaults && hasDefault[i]) {
                    v = inFields[i].schema().defaultValue();
                }
                Node child = children[i];
                slots[i] = child == null ? v : child.apply(v, context);
            }
            return out;
        }

        /**
         * Whether what the plan adds into this struct, at any depth, has a value for this row that
         * is not null: a row where the struct is null would lose it.
         */
        private boolean addsAValue(RowContext context) {
            for (int i = 0; i < children.length; i++) {
                Node child = children[i];
                if (child == null) {
                    continue;
                }
                if (from[i] < 0 ? hasValue(child.apply(null, context))
                        : child instanceof StructNode && ((StructNode) child).addsIntoNull != null
                        && ((StructNode) child).addsAValue(context)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean hasValue(Object v) {
            if (v instanceof Struct) {
                for (Field f : ((Struct) v).schema().fields()) {
                    if (hasValue(((Struct) v).getWithoutDefault(f.name()))) {
                        return true;
                    }
                }
                return false;
            }
            return v != null && v != ValueSource.NONE;
        }

        /** Field by field through {@code Struct.put}, where RawStructs is unavailable. */
        private Struct putAll(Struct in, Struct out, Object[] slots, RowContext context) {
            for (int i = 0; i < from.length; i++) {
                Object v = null;
                if (from[i] >= 0) {
                    Field field = inFields[i];
                    v = RawStructs.get(in, field);
                    // a null read as the default: in DEFAULTS mode, and for a required field, which
                    // Struct.put refuses a null for (its value is the default when read either way)
                    if (v == null && hasDefault[i] && (defaults || required[i])) {
                        v = field.schema().defaultValue();
                    }
                }
                Node child = children[i];
                writer.set(out, slots, i, child == null ? v : child.apply(v, context));
            }
            return out;
        }
    }

    /** The elements of an array, or the values of a map, rewritten. */
    static final class Elements extends Node {
        private final Node element;
        private final boolean array;

        Elements(Schema schema, Node element) {
            super(schema);
            this.element = element;
            this.array = schema.type() == Schema.Type.ARRAY;
        }

        @Override
        Object apply(Object value, RowContext context) {
            if (value == null) {
                return null;
            }
            if (!array) {
                Map<?, ?> in = (Map<?, ?>) value;
                Map<Object, Object> out = new LinkedHashMap<>(capacity(in.size()));
                for (Map.Entry<?, ?> e : in.entrySet()) {
                    out.put(e.getKey(), element.apply(e.getValue(), context));
                }
                return out;
            }
            List<?> in = (List<?>) value;
            List<Object> out = new ArrayList<>(in.size());
            if (in instanceof RandomAccess) {
                for (int i = 0, n = in.size(); i < n; i++) {
                    out.add(element.apply(in.get(i), context));
                }
            } else {
                for (Object e : in) {
                    out.add(element.apply(e, context));
                }
            }
            return out;
        }
    }

    static int capacity(int size) {
        return size < 3 ? 4 : (int) (size / 0.75f) + 1;
    }
}
