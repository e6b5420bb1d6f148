package io.cdckit.smt.unwrap;

import io.cdckit.core.record.RawStructs;
import io.cdckit.core.record.SchemaCopy;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.util.ArrayList;
import java.util.List;

/**
 * The compiled output of one row image (the {@code after} or {@code before} struct of an envelope
 * schema): the output schema, computed once, and a copy that reads the row's fields by index.
 *
 * <p>The output has Debezium's shape so that {@link Unwrap} is a drop-in: a non-optional struct
 * with the row's name, version, doc and parameters, the row's fields (same field schemas), then
 * {@code __deleted} in rewrite modes, then the {@code add.fields}.
 */
final class RowOutput {

    static final String DELETED_FIELD = "__deleted";

    /**
     * Whether rows are copied through {@link RawStructs} (no per-value re-validation) when the
     * runtime allows it; tests switch it off to cover the {@code Struct.put} path too.
     */
    static volatile boolean rawWrites = RawStructs.available();

    final Schema schema;
    private final Field[] in;
    private final Field[] out;
    private final boolean[] rawByName;
    private final boolean defaultsForNulls;
    private final Field deleted;
    private final MetadataField.Resolved[] added;
    private final Field[] addedOut;
    private final boolean[] addedPrimitive;

    /**
     * @param row              the row schema (a struct)
     * @param rewrite          whether to add {@code __deleted}
     * @param defaultsForNulls whether a null column with a schema default is written as the default
     *                         (Debezium does this in rewrite modes when {@code replace.null.with.default})
     * @param added            the resolved {@code add.fields}
     */
    RowOutput(Schema row, boolean rewrite, boolean defaultsForNulls, List<MetadataField.Resolved> added) {
        SchemaBuilder b = SchemaCopy.copyMetadata(row, SchemaBuilder.struct());
        for (Field f : row.fields()) {
            b.field(f.name(), f.schema());
        }
        if (rewrite) {
            b.field(DELETED_FIELD, Schema.OPTIONAL_STRING_SCHEMA);
        }
        for (MetadataField.Resolved a : added) {
            try {
                b.field(a.spec.outputName, a.schema);
            } catch (DataException e) {
                throw new DataException("add.fields entry '" + a.spec.entry + "' gives field '" + a.spec.outputName
                        + "', which the row " + (row.name() == null ? "" : "'" + row.name() + "' ") + "already has");
            }
        }
        this.schema = b.build();
        List<Field> rowFields = row.fields();
        int n = rowFields.size();
        this.in = rowFields.toArray(new Field[0]);
        this.out = new Field[n];
        this.rawByName = new boolean[n];
        for (int i = 0; i < n; i++) {
            out[i] = schema.field(in[i].name());
            rawByName[i] = in[i].schema().defaultValue() != null;
        }
        this.defaultsForNulls = defaultsForNulls;
        this.deleted = rewrite ? schema.field(DELETED_FIELD) : null;
        this.added = added.toArray(new MetadataField.Resolved[0]);
        this.addedOut = new Field[this.added.length];
        this.addedPrimitive = new boolean[this.added.length];
        for (int i = 0; i < this.added.length; i++) {
            addedOut[i] = schema.field(this.added[i].spec.outputName);
            addedPrimitive[i] = addedOut[i].schema().type().isPrimitive();
        }
    }

    /** Builds the output row; {@code deletedValue} is "true"/"false" in rewrite modes. */
    Struct build(Struct row, Struct envelope, String deletedValue) {
        Struct o = new Struct(schema);
        Object[] target = rawWrites ? RawStructs.values(o) : null;
        if (target != null) {
            // Every value is valid for its output field by construction: row values come from the
            // same field schemas, __deleted is a string, added values come from envelope fields
            // whose schemas the added fields copy. So no per-value validation (see RawStructs).
            Object[] source = RawStructs.values(row);
            for (int i = 0; i < in.length; i++) {
                Object v = source[in[i].index()];
                if (v == null && defaultsForNulls) {
                    v = in[i].schema().defaultValue();
                }
                target[out[i].index()] = v;
            }
            if (deleted != null) {
                target[deleted.index()] = deletedValue;
            }
            for (int i = 0; i < added.length; i++) {
                if (addedPrimitive[i]) {
                    target[addedOut[i].index()] = added[i].read(envelope);
                } else {
                    o.put(addedOut[i], added[i].read(envelope)); // struct/array/map: let Connect check it
                }
            }
            return o;
        }
        for (int i = 0; i < in.length; i++) {
            Field f = in[i];
            Object v;
            if (defaultsForNulls || !rawByName[i]) {
                v = row.get(f);
            } else {
                v = row.getWithoutDefault(f.name());
            }
            o.put(out[i], v);
        }
        if (deleted != null) {
            o.put(deleted, deletedValue);
        }
        for (int i = 0; i < added.length; i++) {
            o.put(addedOut[i], added[i].read(envelope));
        }
        return o;
    }

    /** Names of the row's fields, for messages. */
    static List<String> names(Schema s) {
        List<String> names = new ArrayList<>();
        for (Field f : s.fields()) {
            names.add(f.name());
        }
        return names;
    }
}
