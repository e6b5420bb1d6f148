package io.cdckit.core.record;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RawStructsTest {

    private static final Schema S = SchemaBuilder.struct().name("s")
            .field("id", Schema.INT32_SCHEMA)
            .field("status", SchemaBuilder.string().optional().defaultValue("active").build())
            .build();

    @Test
    void availableOnTheSupportedKafkaLines() {
        assertTrue(RawStructs.available());
    }

    @Test
    void valuesIsTheStructsOwnArrayWithRawValues() {
        Struct s = new Struct(S).put("id", 7);
        Object[] values = RawStructs.values(s);
        assertArrayEquals(new Object[]{7, null}, values, "raw: no default substitution");
        assertEquals("active", s.get("status"));
        assertSame(values, RawStructs.values(s));
    }

    @Test
    void writingIntoANewStructIsVisibleThroughItsApiAndValidates() {
        Struct s = new Struct(S);
        Object[] values = RawStructs.values(s);
        values[0] = 42;
        values[1] = "gone";
        assertEquals(42, s.getInt32("id"));
        assertEquals("gone", s.getString("status"));
        s.validate();
        assertEquals(new Struct(S).put("id", 42).put("status", "gone"), s);
        assertNull(RawStructs.values(new Struct(S))[0]);
    }
}
