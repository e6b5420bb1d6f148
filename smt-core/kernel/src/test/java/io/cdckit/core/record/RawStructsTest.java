package io.cdckit.core.record;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    void readGivesTheStructsOwnArrayWithRawValues() {
        Struct s = new Struct(S).put("id", 7);
        Object[] values = RawStructs.read(s);
        assertArrayEquals(new Object[]{7, null}, values, "raw: no default substitution");
        assertEquals("active", s.get("status"));
        assertSame(values, RawStructs.read(s));
    }

    @Test
    void aWriterWritesProvenFieldsRawAndPutsTheOthers() {
        RawStructs.Writer writer = RawStructs.writer(S, Arrays.asList(Schema.INT32_SCHEMA, null));
        assertTrue(writer.isProven(0));
        assertFalse(writer.isProven(1));
        Struct s = writer.newStruct();
        Object[] slots = writer.slots(s);
        writer.set(s, slots, 0, 42);
        writer.set(s, slots, 1, "gone");
        assertEquals(new Struct(S).put("id", 42).put("status", "gone"), s);
        s.validate();
        // the unproven field is validated as Struct.put does
        Struct t = writer.newStruct();
        assertThrows(DataException.class, () -> writer.set(t, writer.slots(t), 1, 17));
    }

    @Test
    void aWriterNeedsAProofThatFitsAndWritesOnlyStructsOfItsSchema() {
        assertThrows(IllegalArgumentException.class,
                () -> RawStructs.writer(S, Arrays.asList(Schema.INT64_SCHEMA, null)));
        assertThrows(IllegalArgumentException.class, () -> RawStructs.writer(S, Arrays.asList(Schema.INT32_SCHEMA)));
        RawStructs.Writer writer = RawStructs.writer(S, Arrays.asList(Schema.INT32_SCHEMA, S.field("status").schema()));
        Schema equal = SchemaBuilder.struct().name("s")
                .field("id", Schema.INT32_SCHEMA)
                .field("status", SchemaBuilder.string().optional().defaultValue("active").build())
                .build();
        assertEquals(S, equal);
        assertThrows(IllegalArgumentException.class, () -> writer.slots(new Struct(equal)));
    }

    @Test
    void theFallbackPutsEveryValue() throws Exception {
        RawStructs.Writer writer = RawStructs.writer(S, Arrays.asList(Schema.INT32_SCHEMA, null));
        try (AutoCloseable fallback = RawStructs.forceFallback()) {
            assertFalse(RawStructs.available());
            assertNull(RawStructs.read(new Struct(S)));
            Struct s = writer.newStruct();
            Object[] slots = writer.slots(s);
            assertNull(slots);
            writer.set(s, slots, 0, 5);
            assertEquals(5, s.get("id"));
        }
        assertTrue(RawStructs.available());
    }
}
