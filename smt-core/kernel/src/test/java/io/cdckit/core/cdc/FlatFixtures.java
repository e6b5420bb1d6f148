package io.cdckit.core.cdc;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GoldenGate and Canal events for the kernel's tests: maps as JsonConverter decodes them, and unnamed structs. */
public final class FlatFixtures {

    private FlatFixtures() {
    }

    /** A row as JsonConverter gives it with schemas: unnamed, optional fields. */
    public static final Schema ROW = SchemaBuilder.struct().optional()
            .field("id", Schema.OPTIONAL_INT32_SCHEMA).field("email", Schema.OPTIONAL_STRING_SCHEMA).build();

    public static final Schema GOLDENGATE = SchemaBuilder.struct()
            .field("table", Schema.STRING_SCHEMA).field("op_type", Schema.STRING_SCHEMA)
            .field("op_ts", Schema.STRING_SCHEMA).field("current_ts", Schema.OPTIONAL_STRING_SCHEMA)
            .field("pos", Schema.OPTIONAL_STRING_SCHEMA)
            .field("primary_keys", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("before", ROW).field("after", ROW).build();

    public static final Schema CANAL = SchemaBuilder.struct()
            .field("data", SchemaBuilder.array(ROW).optional().build())
            .field("database", Schema.STRING_SCHEMA).field("es", Schema.OPTIONAL_INT64_SCHEMA)
            .field("id", Schema.OPTIONAL_INT64_SCHEMA).field("isDdl", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("old", SchemaBuilder.array(ROW).optional().build())
            .field("pkNames", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("sql", Schema.OPTIONAL_STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
            .field("ts", Schema.OPTIONAL_INT64_SCHEMA).field("type", Schema.STRING_SCHEMA).build();

    public static Map<String, Object> row(int id, String email) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("email", email);
        return m;
    }

    public static Struct rowStruct(int id, String email) {
        return new Struct(ROW).put("id", id).put("email", email);
    }

    /** A GoldenGate JSON map of {@code ORCL.SHOP.CUSTOMERS} (a null image left out, as the formatter does). */
    public static Map<String, Object> goldenGate(String opType, Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("table", "ORCL.SHOP.CUSTOMERS");
        m.put("op_type", opType);
        m.put("op_ts", "2024-04-25 10:15:30.123456");
        m.put("current_ts", "2024-04-25 10:15:31.000000");
        m.put("pos", "00000000000000001234");
        m.put("primary_keys", List.of("ID"));
        if (before != null) {
            m.put("before", before);
        }
        if (after != null) {
            m.put("after", after);
        }
        return m;
    }

    public static Struct goldenGateStruct(String opType, Struct before, Struct after) {
        return new Struct(GOLDENGATE).put("table", "SHOP.CUSTOMERS").put("op_type", opType)
                .put("op_ts", "2024-04-25 10:15:30.123456").put("current_ts", "2024-04-25 10:15:31.000000")
                .put("pos", "00000000000000001234").put("primary_keys", List.of("ID"))
                .put("before", before).put("after", after);
    }

    /** A Canal flat message of {@code shop.customers}. */
    public static Map<String, Object> canal(String type, List<Map<String, Object>> data,
                                            List<Map<String, Object>> old) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data);
        m.put("database", "shop");
        m.put("es", 1_714_040_130_000L);
        m.put("id", 7L);
        m.put("isDdl", false);
        m.put("mysqlType", Map.of("id", "int", "email", "varchar(255)"));
        m.put("old", old);
        m.put("pkNames", List.of("id"));
        m.put("sql", "");
        m.put("sqlType", Map.of("id", 4, "email", 12));
        m.put("table", "customers");
        m.put("ts", 1_714_040_130_789L);
        m.put("type", type);
        return m;
    }

    public static Struct canalStruct(String type, List<Struct> data, List<Struct> old) {
        return new Struct(CANAL).put("data", data == null ? null : new ArrayList<>(data)).put("database", "shop")
                .put("es", 1_714_040_130_000L).put("id", 7L).put("isDdl", false)
                .put("old", old == null ? null : new ArrayList<>(old)).put("pkNames", List.of("id")).put("sql", "")
                .put("table", "customers").put("ts", 1_714_040_130_789L).put("type", type);
    }
}
