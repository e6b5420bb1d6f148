package io.cdckit.smt.routing;

import io.cdckit.smt.unwrap.Unwrap;
import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.TransformContract;
import io.cdckit.testkit.fixtures.Fixtures;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.cdckit.smt.routing.OperationFilterTest.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComputeFieldTest {

    static final Schema ROW = SchemaBuilder.struct().name("shop.orders.Value")
            .field("id", Schema.INT32_SCHEMA)
            .field("first", Schema.OPTIONAL_STRING_SCHEMA)
            .field("last", Schema.OPTIONAL_STRING_SCHEMA)
            .field("qty", Schema.OPTIONAL_INT32_SCHEMA)
            .field("price", Decimal.builder(2).optional().build())
            .field("tier", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    static ComputeField<SinkRecord> compute(String... kv) {
        ComputeField<SinkRecord> t = new ComputeField.Value<>();
        t.configure(props(kv));
        return t;
    }

    static Struct row(int id, String first, String last, Integer qty, String price, String tier) {
        return new Struct(ROW).put("id", id).put("first", first).put("last", last).put("qty", qty)
                .put("price", price == null ? null : new BigDecimal(price)).put("tier", tier);
    }

    static SinkRecord plain(Struct row) {
        return new SinkRecord("orders", 0, null, null, row.schema(), row, 1L);
    }

    @Test
    void theIssuesExamplesOnAPlainRow() {
        ComputeField<SinkRecord> t = compute("fields",
                "total:float64:qty * price, full_name:string:first + ' ' + last, is_vip:boolean:tier == 'gold'");
        Struct out = (Struct) t.apply(plain(row(1, "Ada", "Lovelace", 3, "2.50", "gold"))).value();
        assertEquals(7.5, out.get("total"));
        assertEquals("Ada Lovelace", out.get("full_name"));
        assertEquals(true, out.get("is_vip"));
        assertEquals(List.of("id", "first", "last", "qty", "price", "tier", "total", "full_name", "is_vip"),
                out.schema().fields().stream().map(org.apache.kafka.connect.data.Field::name).toList());
        assertEquals(Schema.Type.FLOAT64, out.schema().field("total").schema().type());
    }

    @Test
    void everyTypeAndItsBounds() {
        SinkRecord r = plain(row(1, "Ada", "Lovelace", 3, "2.50", "gold"));
        Struct out = (Struct) compute("fields", "a:int32:qty * 2, b:int64:qty * 10000000000, c:float64:qty / 2, "
                + "d:boolean:qty > 2, e:string:qty, f:decimal(10,2):price * qty, g:decimal(6,3):1 / 3").apply(r).value();
        assertEquals(6, out.get("a"));
        assertEquals(30000000000L, out.get("b"));
        assertEquals(1.5, out.get("c"));
        assertEquals(true, out.get("d"));
        assertEquals("3", out.get("e"));
        assertEquals(new BigDecimal("7.50"), out.get("f"));
        assertEquals(new BigDecimal("0.333"), out.get("g"));
        assertEquals(Decimal.LOGICAL_NAME, out.schema().field("f").schema().name());
        assertEquals("10", out.schema().field("f").schema().parameters().get("connect.decimal.precision"));
        for (String wrong : List.of("a:int32:qty * 10000000000", "a:int32:qty / 2", "a:boolean:qty",
                "a:decimal(3,2):price * 1000", "a:float64:first", "a:string:[qty]", "a:int64:Double.NaN",
                "a:float64:2G ** 2000", "a:float64:-(2G ** 2000)", "a:decimal(10,2):1e3000", "a:int32:1e3000")) {
            DataException e = assertThrows(DataException.class, () -> compute("fields", wrong).apply(r), wrong);
            assertTrue(e.getMessage().contains("(field 'a')") && e.getMessage().contains("does not fit"), e.getMessage());
            assertFalse(e.getMessage().contains("Lovelace") || e.getMessage().contains("7.5"), e.getMessage());
        }
    }

    @Test
    void aDecimalFarBelowItsLastDigitIsZeroAndOneJustAboveHalfOfItRoundsUp() {
        SinkRecord r = plain(row(1, "Ada", "Lovelace", 3, "2.50", "gold"));
        Struct out = (Struct) compute("fields", "a:decimal(10,2):1e-9000, b:decimal(10,2):-1e-9000, "
                + "c:decimal(10,2):0.005, d:decimal(10,2):0.0049, e:decimal(4,2):99.994").apply(r).value();
        assertEquals(new BigDecimal("0.00"), out.get("a"));
        assertEquals(new BigDecimal("0.00"), out.get("b"));
        assertEquals(new BigDecimal("0.01"), out.get("c"));
        assertEquals(new BigDecimal("0.00"), out.get("d"));
        assertEquals(new BigDecimal("99.99"), out.get("e"));
        DataException e = assertThrows(DataException.class, () -> compute("fields", "a:decimal(4,2):99.995").apply(r));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
    }

    @Test
    void aReplacedFieldTakesTheNewTypeAndTheExpressionReadsTheInputRow() {
        SinkRecord r = plain(row(1, "Ada", "Lovelace", 3, "2.50", "gold"));
        Struct out = (Struct) compute("fields", "qty:string:'n=' + qty, first:string:first.toUpperCase() + qty")
                .apply(r).value();
        assertEquals("n=3", out.get("qty"));
        assertEquals("ADA3", out.get("first"), "reads the input row's qty");
        assertEquals(Schema.Type.STRING, out.schema().field("qty").schema().type());
    }

    @Test
    void beforeUnwrapBothImagesAfterItTheRow() {
        Schema envelope = Envelopes.envelopeSchema("shop.orders", SchemaBuilder.struct().name("shop.orders.Value")
                .optional().field("id", Schema.INT32_SCHEMA).field("qty", Schema.OPTIONAL_INT32_SCHEMA).build());
        Schema row = envelope.field("after").schema();
        Struct update = Envelopes.event(envelope, "u", new Struct(row).put("id", 1).put("qty", 2),
                new Struct(row).put("id", 1).put("qty", 5), 3, false);
        SinkRecord r = new SinkRecord("pg.shop.orders", 0, null, null, envelope, update, 3L);
        ComputeField<SinkRecord> t = compute("fields", "double:int32:qty * 2");
        Struct out = (Struct) t.apply(r).value();
        assertEquals(4, out.getStruct("before").get("double"));
        assertEquals(10, out.getStruct("after").get("double"));
        assertEquals("u", out.get("op"));
        Unwrap<SinkRecord> unwrap = new Unwrap<>();
        unwrap.configure(Map.of());
        assertEquals(10, ((Struct) t.apply(unwrap.apply(r)).value()).get("double"), "after Unwrap: the row");
        SinkRecord schemaless = new SinkRecord("pg.shop.orders", 0, null, null, null, Envelopes.schemaless(update), 3L);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) t.apply(schemaless).value();
        assertEquals(4, ((Map<?, ?>) map.get("before")).get("double"));
        assertEquals(10, ((Map<?, ?>) map.get("after")).get("double"));
        SinkRecord tombstone = new SinkRecord("pg.shop.orders", 0, null, null, null, null, 4L);
        assertSame(tombstone, t.apply(tombstone));
    }

    @Test
    void namesRowAndTopic() {
        Map<String, Object> row = new LinkedHashMap<>(Map.of("unit-price", 4, "qty", 2));
        SinkRecord r = new SinkRecord("orders", 0, null, null, null, row, 1L);
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) compute("fields",
                "total:int32:row['unit-price'] * qty, source:string:topic, missing:string:nope").apply(r).value();
        assertEquals(8, out.get("total"));
        assertEquals("orders", out.get("source"));
        assertNull(out.get("missing"), "a schemaless row without the key reads null");
        DataException e = assertThrows(DataException.class, () -> compute("fields", "x:int32:nope + 1")
                .apply(plain(row(1, "Ada", "Lovelace", 3, "2.50", "gold"))));
        assertTrue(e.getMessage().contains("reads 'nope', which the row does not have"), e.getMessage());
    }

    @Test
    void nullsAndFailures() {
        SinkRecord r = plain(row(2, null, "Hopper", null, null, null));
        Struct out = (Struct) compute("fields", "total:float64:qty == null ? null : qty * price").apply(r).value();
        assertNull(out.get("total"));
        DataException e = assertThrows(DataException.class, () -> compute("fields", "total:float64:qty * price")
                .apply(r));
        assertTrue(e.getMessage().startsWith("ComputeField.Value: the expression 'qty * price' failed"), e.getMessage());
        assertTrue(e.getMessage().contains("(field 'total')") && e.getMessage().contains("[topic 'orders'"),
                e.getMessage());
    }

    @Test
    void configurationMistakesNameTheKey() {
        for (String bad : List.of("total", "total:float64", "total:float32:qty", "total:decimal(2,5):qty",
                "total:int32:", ":int32:1", "a:int32:1, a:int32:2", "a:int32:System.exit(0)", "a:int32:qty +",
                "a*:int32:1")) {
            ConfigException e = assertThrows(ConfigException.class, () -> compute("fields", bad), bad);
            assertTrue(e.getMessage().contains("fields"), e.getMessage());
        }
        assertTrue(assertThrows(ConfigException.class, () -> compute("fields", "a:int32:new File('x')")).getMessage()
                .contains("has an expression for 'a' that the sandbox refuses"));
    }

    @Test
    void entriesSplitAtCommasOutsideBracketsAndQuotes() {
        assertEquals(List.of("a:int32:Math.max(x, y)", " b:string:[p, q].join(', ')", " c:string:'x,y'"),
                ComputedField.split("a:int32:Math.max(x, y), b:string:[p, q].join(', '), c:string:'x,y'"));
        assertEquals("a ? b : c", ComputedField.parseList("n:string:a ? b : c").get(0).expression());
    }

    @Nested
    class Contract extends TransformContract {
        @Override
        protected Transformation<SinkRecord> newTransform() {
            return new ComputeField.Value<>();
        }

        @Override
        protected Map<String, String> config() {
            return props("fields", "label:string:code + '/' + (qty ?: 0), big:boolean:(views ?: 0) > 1000");
        }

        @Override
        protected List<SinkRecord> records() {
            return Fixtures.records("shop.products").stream().filter(r -> r.value() != null).limit(8).toList();
        }

        @Override
        protected List<SinkRecord> badRecords() {
            return List.of(Fixtures.records("shop.customers").get(0));
        }

        @Override
        protected Map<String, String> badConfigs() {
            return Map.of("fields", "x:int32:'a'.execute()", "envelope.mode", "sideways");
        }
    }
}
