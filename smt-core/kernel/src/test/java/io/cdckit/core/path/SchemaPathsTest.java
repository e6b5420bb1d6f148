package io.cdckit.core.path;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SchemaPathsTest {

    @Test
    void everyFieldAtAnyDepthAsTheConcretePathARowPlanTakes() {
        Schema item = SchemaBuilder.struct().field("at", Schema.INT64_SCHEMA).build();
        Schema inner = SchemaBuilder.struct().field("x", Schema.STRING_SCHEMA).build();
        Schema row = SchemaBuilder.struct()
                .field("id", Schema.INT32_SCHEMA)
                .field("items", SchemaBuilder.array(item).build())
                .field("by_day", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build())
                .field("a.b", SchemaBuilder.struct().field("c", Schema.STRING_SCHEMA).build())
                .field("skip", inner)
                .build();
        List<String> seen = new ArrayList<>();
        SchemaPaths.forEach(row, (path, schema) -> {
            seen.add(path + ":" + schema.type());
            return !path.toString().equals("skip");
        });
        assertEquals(List.of("id:INT32", "items[*]:STRUCT", "items[*].at:INT64", "by_day[*]:STRING", "`a.b`:STRUCT",
                "`a.b`.c:STRING", "skip:STRUCT"), seen);
    }
}
