package io.cdckit.smt.routing;

import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.record.Describe;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.util.Map;

/**
 * A column of an outbox row that {@link OutboxPlan} reads: a field resolved against the row schema
 * once, or (schemaless rows) a key looked up in each row's map. A lookup a map refuses (a sorted
 * map of other keys throws on a text key, as the kernel's envelope detection guards against) fails
 * with a {@code DataException} naming the column, never a {@code ClassCastException}. Immutable.
 *
 * @param name  the column's name
 * @param field its field in the row schema; null for schemaless rows and for a column the schema lacks
 */
record OutboxColumn(String name, Field field) {

    /** The value; a schemaless row that lacks the column gives null. */
    Object read(Object row) {
        if (field != null) {
            return ((Struct) row).get(field);
        }
        try {
            return ((Map<?, ?>) row).get(name);
        } catch (ClassCastException | NullPointerException e) {
            throw refusedLookup((Map<?, ?>) row);
        }
    }

    /** The value; a schemaless row that lacks the column fails (a Struct row's column is resolved). */
    Object present(Object row) {
        if (field == null && !has(row)) {
            throw new FieldPathException(path(), "is missing: the row has no such column", null);
        }
        return read(row);
    }

    /** Whether a schemaless row has the column. */
    boolean has(Object row) {
        try {
            return ((Map<?, ?>) row).containsKey(name);
        } catch (ClassCastException | NullPointerException e) {
            throw refusedLookup((Map<?, ?>) row);
        }
    }

    private FieldPathException refusedLookup(Map<?, ?> row) {
        return new FieldPathException(path(), "cannot be looked up: the row is a " + Describe.type(row)
                + " that takes no text keys", null);
    }

    Schema schema() {
        return field == null ? null : field.schema();
    }

    String path() {
        return "after." + name;
    }
}
