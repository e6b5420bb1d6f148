package io.cdckit.core.path;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Schemas and records shared by the tests of this package: a Debezium-like change event. */
public final class PathFixtures {

    public static final Schema PRICE = Decimal.builder(2).optional().build();

    public static final Schema ADDRESS = SchemaBuilder.struct()
        .name("db.Address").version(2).doc("A postal address").parameter("origin", "crm")
        .field("street", Schema.STRING_SCHEMA)
        .field("city", Schema.OPTIONAL_STRING_SCHEMA)
        .field("zip", SchemaBuilder.string().optional().defaultValue("00000").build())
        .optional()
        .build();

    public static final Schema ITEM = SchemaBuilder.struct()
        .name("db.Item")
        .field("sku", Schema.STRING_SCHEMA)
        .field("qty", Schema.INT32_SCHEMA)
        .field("price", PRICE)
        .optional()
        .build();

    public static final Schema ITEMS = SchemaBuilder.array(ITEM).optional().doc("Order lines").build();

    public static final Schema ATTRS = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA)
        .optional().build();

    public static final Schema CONTACTS = SchemaBuilder.map(Schema.STRING_SCHEMA, ADDRESS).optional().build();

    public static final Schema MATRIX = SchemaBuilder.array(SchemaBuilder.array(ITEM).build()).optional().build();

    public static final Schema VALUE = SchemaBuilder.struct()
        .name("db.customers.Value").version(1).doc("A customer row")
        .field("id", Schema.INT64_SCHEMA)
        .field("name", Schema.STRING_SCHEMA)
        .field("email", Schema.OPTIONAL_STRING_SCHEMA)
        .field("created_at", Schema.INT64_SCHEMA)
        .field("updated_at", Schema.OPTIONAL_INT64_SCHEMA)
        .field("address", ADDRESS)
        .field("items", ITEMS)
        .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
        .field("attrs", ATTRS)
        .field("contacts", CONTACTS)
        .field("matrix", MATRIX)
        .optional()
        .build();

    public static final Schema SOURCE = SchemaBuilder.struct()
        .name("io.debezium.connector.mysql.Source")
        .field("db", Schema.STRING_SCHEMA)
        .field("table", Schema.STRING_SCHEMA)
        .field("weird.name", Schema.OPTIONAL_STRING_SCHEMA)
        .build();

    public static final Schema ENVELOPE = SchemaBuilder.struct()
        .name("db.customers.Envelope").version(3).doc("Change event").parameter("connector", "mysql")
        .field("before", VALUE)
        .field("after", VALUE)
        .field("source", SOURCE)
        .field("op", Schema.STRING_SCHEMA)
        .field("ts_ms", SchemaBuilder.int64().optional().defaultValue(-1L).build())
        .build();

    private PathFixtures() {
    }

    public static Struct address(String street, String city) {
        return new Struct(ADDRESS).put("street", street).put("city", city);
    }

    public static Struct item(String sku, int qty, String price) {
        return new Struct(ITEM).put("sku", sku).put("qty", qty).put("price", price == null ? null : new BigDecimal(price));
    }

    public static Struct value(long id, String name, String email) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("tier", "gold");
        attrs.put("note", null);
        Map<String, Struct> contacts = new LinkedHashMap<>();
        contacts.put("home", address("1 Home St", "Homeville"));
        contacts.put("work", address("2 Work Ave", null));
        return new Struct(VALUE)
            .put("id", id)
            .put("name", name)
            .put("email", email)
            .put("created_at", 1000L)
            .put("updated_at", 2000L)
            .put("address", address("10 Main St", "Springfield"))
            .put("items", new ArrayList<>(Arrays.asList(item("A-1", 2, "9.99"), null, item("B-2", 1, null))))
            .put("tags", new ArrayList<>(Arrays.asList("vip", "new")))
            .put("attrs", attrs)
            .put("contacts", contacts)
            .put("matrix", new ArrayList<>(Arrays.asList(
                new ArrayList<>(Arrays.asList(item("M-1", 1, "1.00"))),
                new ArrayList<>(Arrays.asList(item("M-2", 2, "2.00"), item("M-3", 3, "3.00"))))));
    }

    /** An update event: before and after set. */
    public static Struct envelope() {
        return new Struct(ENVELOPE)
            .put("before", value(7L, "Ann", "ann@old.example"))
            .put("after", value(7L, "Ann", "ann@new.example"))
            .put("source", new Struct(SOURCE).put("db", "shop").put("table", "customers").put("weird.name", "w"))
            .put("op", "u");
    }

    /** A create event: before is null. */
    public static Struct createEnvelope() {
        return new Struct(ENVELOPE)
            .put("after", value(8L, "Bob", "bob@example"))
            .put("source", new Struct(SOURCE).put("db", "shop").put("table", "customers"))
            .put("op", "c");
    }

    /** A schemaless change event as JSON without schemas would give it. */
    public static Map<String, Object> jsonEnvelope() {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("before", null);
        envelope.put("after", jsonValue("carl@example"));
        envelope.put("source", map("db", "shop", "table", "customers", "weird.name", "w"));
        envelope.put("op", "c");
        return envelope;
    }

    public static Map<String, Object> jsonValue(String email) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", 9);
        value.put("email", email);
        value.put("created_at", 1000);
        value.put("updated_at", null);
        value.put("address", map("street", "1 Side St", "city", "Shelbyville"));
        value.put("items", new ArrayList<>(Arrays.asList(
            map("sku", "A-1", "qty", 2), null, map("sku", "B-2", "qty", 1))));
        value.put("tags", new ArrayList<>(Arrays.asList("vip", "new")));
        value.put("contacts", map("home", map("street", "1 Home St"), "work", map("street", "2 Work Ave")));
        return value;
    }

    public static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** A deep, independent copy of a Struct, List or Map tree, copying field values raw. */
    @SuppressWarnings("unchecked")
    public static <T> T deepCopy(T value) {
        if (value instanceof Struct) {
            Struct in = (Struct) value;
            Struct out = new Struct(in.schema());
            for (org.apache.kafka.connect.data.Field field : in.schema().fields()) {
                out.put(field, deepCopy(in.getWithoutDefault(field.name())));
            }
            return (T) out;
        }
        if (value instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object element : (List<?>) value) {
                out.add(deepCopy(element));
            }
            return (T) out;
        }
        if (value instanceof Map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                out.put(entry.getKey(), deepCopy(entry.getValue()));
            }
            return (T) out;
        }
        return value;
    }
}
