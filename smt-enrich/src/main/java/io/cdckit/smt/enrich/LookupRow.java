package io.cdckit.smt.enrich;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One looked-up row in both forms a record may need, made once when the row is loaded: a Struct of
 * the source's columns for rows with a schema, an unmodifiable Map for schemaless rows. Records
 * share them, as they share a cached row: they are never modified.
 */
final class LookupRow {

    private final Struct struct;
    private final Map<String, Object> map;

    private LookupRow(Struct struct, Map<String, Object> map) {
        this.struct = struct;
        this.map = map;
    }

    /**
     * A row of {@code columns} with {@code values} in the columns' order.
     *
     * @throws org.apache.kafka.connect.errors.DataException if a value does not fit its column
     */
    static LookupRow of(Schema columns, Object[] values) {
        List<Field> fields = columns.fields();
        if (values.length != fields.size()) {
            throw new IllegalArgumentException(values.length + " values for " + fields.size() + " columns");
        }
        Struct struct = new Struct(columns);
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            struct.put(fields.get(i), values[i]);
            map.put(fields.get(i).name(), values[i]);
        }
        return new LookupRow(struct, Collections.unmodifiableMap(map));
    }

    Struct struct() {
        return struct;
    }

    Map<String, Object> map() {
        return map;
    }

    /** Never the values: they may be personal data. */
    @Override
    public String toString() {
        return "LookupRow" + map.keySet();
    }
}
