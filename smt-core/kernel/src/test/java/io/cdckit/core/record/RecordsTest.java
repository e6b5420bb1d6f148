package io.cdckit.core.record;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordsTest {

    private static final Schema VALUE = SchemaBuilder.struct().name("v").field("id", Schema.INT32_SCHEMA).build();

    private static SourceRecord source() {
        ConnectHeaders h = new ConnectHeaders();
        h.addString("trace", "t1");
        return new SourceRecord(Map.of("p", 1), Map.of("o", 2), "orders", 3, Schema.STRING_SCHEMA, "k",
                VALUE, new Struct(VALUE).put("id", 1), 1234L, h);
    }

    @Test
    void withValueKeepsEverythingElse() {
        SourceRecord in = source();
        SourceRecord out = Records.withValue(in, Schema.STRING_SCHEMA, "x");
        assertEquals("x", out.value());
        assertSame(Schema.STRING_SCHEMA, out.valueSchema());
        assertEquals("orders", out.topic());
        assertEquals(3, out.kafkaPartition());
        assertEquals(1234L, out.timestamp());
        assertEquals("k", out.key());
        assertEquals(Map.of("p", 1), out.sourcePartition());
        assertEquals(Map.of("o", 2), out.sourceOffset());
        assertEquals("t1", out.headers().lastWithName("trace").value());
        // headers are a copy
        out.headers().addString("more", "m");
        assertNull(in.headers().lastWithName("more"));
    }

    @Test
    void editSetsThePartitionOrKeepsTheInputs() {
        SourceRecord in = source();
        assertEquals(3, Records.edit(in).topic("x").build().kafkaPartition());
        assertNull(Records.edit(in).partition(null).build().kafkaPartition(), "none: the partitioner decides");
        SourceRecord out = Records.edit(in).partition(5).timestamp(9L).build();
        assertEquals(5, out.kafkaPartition());
        assertEquals(9L, out.timestamp());
        assertEquals(Map.of("o", 2), out.sourceOffset());
    }

    @Test
    void withKeyAndTopic() {
        SourceRecord in = source();
        SourceRecord k = Records.withKey(in, Schema.INT32_SCHEMA, 7);
        assertEquals(7, k.key());
        assertSame(in.value(), k.value());
        SourceRecord t = Records.withTopic(in, "other");
        assertEquals("other", t.topic());
        assertEquals(3, t.kafkaPartition());
        assertSame(in.value(), t.value());
    }

    @Test
    void withHeadersNeverTouchesTheInputHeaders() {
        SourceRecord in = source();
        SourceRecord out = Records.withHeaders(in, h -> h.addString("added", "a").remove("trace"));
        assertEquals("a", out.headers().lastWithName("added").value());
        assertNull(out.headers().lastWithName("trace"));
        assertEquals("t1", in.headers().lastWithName("trace").value());
        assertNull(in.headers().lastWithName("added"));
        assertEquals(1, in.headers().size());
        assertEquals("t1", Records.lastHeader(in, "trace").value());
    }

    @Test
    void sinkRecordsKeepOffsetsAndLocationNamesThem() {
        SinkRecord in = new SinkRecord("t", 2, null, null, VALUE, new Struct(VALUE).put("id", 1), 99L,
                5L, TimestampType.CREATE_TIME);
        SinkRecord out = Records.edit(in).topic("u").key(null, null).value(Schema.STRING_SCHEMA, "v")
                .headers(in.headers().duplicate()).build();
        assertEquals("u", out.topic());
        assertEquals("v", out.value());
        assertNull(out.key());
        assertEquals(99L, out.kafkaOffset());
        assertEquals(5L, out.timestamp());
        assertEquals(TimestampType.CREATE_TIME, out.timestampType());
        assertEquals("topic 't', partition 2, offset 99", Records.location(in));
        String loc = Records.location(source());
        assertEquals("topic 'orders', partition 3", loc);
        assertFalse(loc.contains("k"));
        assertEquals("no record", Records.location(null));
    }

    @Test
    void schemaCopyKeepsMetadata() {
        Schema src = SchemaBuilder.struct().name("n").version(3).doc("d").parameter("a", "b")
                .field("x", Schema.OPTIONAL_STRING_SCHEMA).optional().build();
        Schema copy = SchemaCopy.finish(src, SchemaCopy.structWithFields(src), true);
        assertEquals(src, copy);
        assertSame(src.field("x").schema(), copy.field("x").schema());

        Schema withMore = SchemaCopy.finish(src, SchemaCopy.structWithFields(src).field("y", Schema.INT8_SCHEMA), false);
        assertEquals("n", withMore.name());
        assertEquals(3, withMore.version());
        assertEquals("d", withMore.doc());
        assertEquals(Map.of("a", "b"), withMore.parameters());
        assertTrue(withMore.isOptional());
        assertEquals(2, withMore.fields().size());
    }

    @Test
    void schemaCopyOfPrimitivesArraysMapsAndDefaults() {
        Schema dec = org.apache.kafka.connect.data.Decimal.builder(2).defaultValue(new java.math.BigDecimal("1.50")).build();
        Schema decCopy = SchemaCopy.finish(dec, SchemaCopy.builderLike(dec), true);
        assertEquals(dec, decCopy);
        Schema arr = SchemaBuilder.array(Schema.STRING_SCHEMA).name("a").optional().build();
        assertEquals(arr, SchemaCopy.finish(arr, SchemaCopy.builderLike(arr), true));
        Schema map = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).doc("m").build();
        assertEquals(map, SchemaCopy.finish(map, SchemaCopy.builderLike(map), true));

        Schema opt = SchemaCopy.optional(VALUE);
        assertTrue(opt.isOptional());
        assertEquals("v", opt.name());
        assertEquals(VALUE.fields().size(), opt.fields().size());
        assertSame(Schema.OPTIONAL_STRING_SCHEMA, SchemaCopy.optional(Schema.OPTIONAL_STRING_SCHEMA));
    }
}
