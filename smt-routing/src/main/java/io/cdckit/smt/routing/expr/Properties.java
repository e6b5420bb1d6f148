package io.cdckit.smt.routing.expr;

import io.cdckit.smt.routing.expr.AllowList.Kind;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Property reads in the sandbox ({@code value.after.status}), with the answers Groovy gives
 * Debezium's scripting SMTs for the same objects:
 * <ul>
 *   <li>a {@code Struct}'s property is its field ({@code Struct.get(name)}, a {@code DataException}
 *       for a name the schema lacks), except {@code schema}, which Groovy reads from the Struct's own
 *       private field: the Struct's {@code Schema}, even when the schema has a field {@code schema}
 *       (a PostgreSQL event's source block: {@code value.source.get('schema')} reads that field);</li>
 *   <li>a {@code Map}'s property is its entry ({@code map.get(name)}), whatever the name;</li>
 *   <li>a list's property is that property of each element, nulls left out ({@code items.sku}), except
 *       {@code empty};</li>
 *   <li>a header's {@code key}, {@code value} and {@code schema}; a schema's and a field's
 *       attributes by the name of their accessor ({@code valueSchema.name}); an entry's {@code key}
 *       and {@code value}; an enum's {@code name}; a {@code Date}'s {@code time}; an array's
 *       {@code length}; a text's {@code empty} and {@code blank}; a public constant of an allowed
 *       class ({@code Integer.MAX_VALUE}).</li>
 * </ul>
 * Anything else ({@code class}, {@code metaClass}, a Struct's private {@code values}, the properties
 * of numbers, closures and the script) is refused.
 */
final class Properties {

    private Properties() {
    }

    static Object get(ExpressionScript s, Object receiver, String name) {
        if (receiver instanceof Struct st) {
            return struct(s, st, name);
        }
        if (receiver instanceof Map<?, ?> m) {
            return m.get(name);
        }
        Kind kind = AllowList.kind(receiver);
        switch (kind) {
            case COLLECTION, ARRAY -> {
                if (name.equals("empty") && receiver instanceof Collection<?> c) {
                    return c.isEmpty();
                }
                if (name.equals("length") && kind == Kind.ARRAY) {
                    return Array.getLength(receiver);
                }
                List<Object> out = new ArrayList<>();
                for (Object e : Guard.elements(s, receiver)) {
                    if (e != null) {
                        out.add(get(s, e, name));
                    }
                }
                return Bounds.built(s, out);
            }
            case HEADER -> {
                Header h = (Header) receiver;
                switch (name) {
                    case "key":
                        return h.key();
                    case "value":
                        return h.value();
                    case "schema":
                        return h.schema();
                    default:
                        break;
                }
            }
            case SCHEMA -> {
                Object v = schema((Schema) receiver, name);
                if (v != NONE) {
                    return v;
                }
            }
            case FIELD -> {
                Field f = (Field) receiver;
                switch (name) {
                    case "name":
                        return f.name();
                    case "index":
                        return f.index();
                    case "schema":
                        return f.schema();
                    default:
                        break;
                }
            }
            case ENTRY -> {
                if (name.equals("key")) {
                    return ((Map.Entry<?, ?>) receiver).getKey();
                }
                if (name.equals("value")) {
                    return ((Map.Entry<?, ?>) receiver).getValue();
                }
            }
            case ENUM -> {
                if (name.equals("name")) {
                    return receiver instanceof Schema.Type t ? t.getName() : ((Enum<?>) receiver).name();
                }
                if (name.equals("primitive") && receiver instanceof Schema.Type t) {
                    return t.isPrimitive();
                }
            }
            case DATE -> {
                if (name.equals("time")) {
                    return ((Date) receiver).getTime();
                }
            }
            case STRING -> {
                if (name.equals("empty")) {
                    return ((CharSequence) receiver).isEmpty();
                }
                if (name.equals("blank")) {
                    return receiver.toString().isBlank();
                }
            }
            case CLASS -> {
                java.lang.reflect.Field constant = AllowList.constant((Class<?>) receiver, name);
                if (constant != null) {
                    try {
                        return constant.get(null);
                    } catch (IllegalAccessException e) {
                        break;
                    }
                }
            }
            default -> {
            }
        }
        throw Guard.refuse(s, "reading the property '" + name + "' of " + AllowList.typeName(receiver));
    }

    private static Object struct(ExpressionScript s, Struct st, String name) {
        switch (name) {
            case "schema":
                return st.schema();
            case "class":
            case "metaClass":
                throw Guard.refuse(s, "reading the property '" + name + "' of " + Struct.class.getName());
            case "values":
                if (st.schema().field(name) == null) {
                    throw Guard.refuse(s, "reading the property 'values' of " + Struct.class.getName()
                            + " (its internal array)");
                }
                return st.get(name);
            default:
                return st.get(name);
        }
    }

    private static final Object NONE = new Object();

    /** A schema's attribute as Groovy reads the private field of that name; keySchema and friends null where not set. */
    private static Object schema(Schema schema, String name) {
        switch (name) {
            case "type":
                return schema.type();
            case "name":
                return schema.name();
            case "version":
                return schema.version();
            case "doc":
                return schema.doc();
            case "parameters":
                return schema.parameters();
            case "optional":
                return schema.isOptional();
            case "defaultValue":
                return schema.defaultValue();
            case "fields":
                return schema.type() == Schema.Type.STRUCT ? schema.fields() : List.of();
            case "keySchema":
                return schema.type() == Schema.Type.MAP ? schema.keySchema() : null;
            case "valueSchema":
                return schema.type() == Schema.Type.MAP || schema.type() == Schema.Type.ARRAY ? schema.valueSchema()
                        : null;
            default:
                return NONE;
        }
    }
}
