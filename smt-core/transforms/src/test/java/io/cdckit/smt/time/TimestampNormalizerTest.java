package io.cdckit.smt.time;

import io.cdckit.core.time.Temporals;
import io.cdckit.smt.time.TemporalSamples.Type;
import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.FlatEnvelopes;
import io.cdckit.testkit.TransformContract;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimestampNormalizerTest {

    static Map<String, String> props(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static TimestampNormalizer.Value<SinkRecord> value(String... kv) {
        TimestampNormalizer.Value<SinkRecord> t = new TimestampNormalizer.Value<>();
        t.configure(props(kv));
        return t;
    }

    static SinkRecord record(Schema schema, Object value) {
        return new SinkRecord("shop.moments", 0, null, null, schema, value, 7L, 1_000L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME);
    }

    /** A row of one field {@code v} of {@code type}, converted; the output field's schema and value. */
    static Struct convert(Type type, Object v, String... kv) {
        Schema row = SchemaBuilder.struct().name("row").field("v", type.schema()).build();
        return (Struct) value(kv).apply(record(row, new Struct(row).put("v", v))).value();
    }

    static Stream<Arguments> instants() {
        List<Arguments> out = new ArrayList<>();
        for (Type t : Type.values()) {
            if (t.isInstant()) {
                out.add(Arguments.of(t, TemporalSamples.ordinary(t.digits)));
                out.add(Arguments.of(t, TemporalSamples.preEpoch(t.digits)));
            }
        }
        return out.stream();
    }

    // ------------------------------------------------------------------ instants

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("instants")
    void everyTimestampTypeBecomesIsoWithItsOwnFractionDigits(Type type, Instant instant) {
        Struct out = convert(type, type.encode(instant));
        assertEquals(instant.toString(), out.get("v"));
        Schema s = out.schema().field("v").schema();
        assertEquals("io.debezium.time.ZonedTimestamp", s.name());
        assertEquals(Schema.Type.STRING, s.type());
        assertTrue(s.isOptional(), "optionality kept");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("instants")
    void everyTimestampTypeBecomesEveryEpochCountAndConnectTimestamp(Type type, Instant instant) {
        assertEquals(instant.toEpochMilli(), convert(type, type.encode(instant), "target.type", "epoch-ms").get("v"));
        // the samples are whole microseconds except the nanosecond ones
        long micros = Math.floorDiv(ChronoUnit.NANOS.between(Instant.EPOCH, instant), 1_000L);
        assertEquals(micros, convert(type, type.encode(instant), "target.type", "epoch-us").get("v"));
        assertEquals(ChronoUnit.NANOS.between(Instant.EPOCH, instant),
                convert(type, type.encode(instant), "target.type", "epoch-ns").get("v"));
        Struct ts = convert(type, type.encode(instant), "target.type", "timestamp");
        assertEquals(java.util.Date.from(instant.truncatedTo(ChronoUnit.MILLIS).isAfter(instant)
                ? instant.truncatedTo(ChronoUnit.MILLIS).minusMillis(1) : instant.truncatedTo(ChronoUnit.MILLIS)),
                ts.get("v"));
        assertEquals(Timestamp.LOGICAL_NAME, ts.schema().field("v").schema().name());
        Struct epoch = convert(type, type.encode(instant), "target.type", "epoch-us");
        assertEquals(Schema.OPTIONAL_INT64_SCHEMA, epoch.schema().field("v").schema(), "a plain optional int64");
    }

    @Test
    void coarserTargetsTruncateTowardThePast() {
        // one nanosecond before the epoch is in the last microsecond and millisecond before it
        assertEquals(-1L, convert(Type.NANO_TIMESTAMP, -1L, "target.type", "epoch-us").get("v"));
        assertEquals(-1L, convert(Type.NANO_TIMESTAMP, -1L, "target.type", "epoch-ms").get("v"));
        assertEquals(new java.util.Date(-1L), convert(Type.MICRO_TIMESTAMP, -1L, "target.type", "timestamp").get("v"));
        assertEquals(-2L, convert(Type.MICRO_TIMESTAMP, -1_001L, "target.type", "epoch-ms").get("v"));
        assertEquals(1L, convert(Type.MICRO_TIMESTAMP, 1_999L, "target.type", "epoch-ms").get("v"));
        assertEquals("1969-12-31T23:59:59.999999999Z", convert(Type.NANO_TIMESTAMP, -1L).get("v"));
        assertEquals("1970-01-01T00:00:00.000000Z", convert(Type.MICRO_TIMESTAMP, 0L).get("v"), "six digits, always");
        assertEquals("1970-01-01T00:00:00.000Z", convert(Type.TIMESTAMP, 0L).get("v"));
    }

    @Test
    void zonedTimestampTextKeepsItsDigitsAndIsReadAtItsOffset() {
        assertEquals("2024-03-01T08:15:30.5Z", convert(Type.ZONED_TIMESTAMP, "2024-03-01T10:15:30.5+02:00").get("v"));
        assertEquals("2024-03-01T08:15:30Z", convert(Type.ZONED_TIMESTAMP, "2024-03-01T08:15:30Z").get("v"));
        assertEquals("2024-03-01T08:15:30.500000Z",
                convert(Type.ZONED_TIMESTAMP, "2024-03-01T08:15:30.500000Z").get("v"), "Debezium's fixed width kept");
    }

    @Test
    void sourceTimezoneReadsZoneLessWallClocksAndTargetTimezoneWritesTheOffset() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        ZoneId newYork = ZoneId.of("America/New_York");
        LocalDateTime wall = LocalDateTime.parse("2024-07-01T12:00:00.123456");
        Instant meant = wall.atZone(berlin).toInstant();
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, wall.toInstant(ZoneOffset.UTC));
        assertEquals(meant.toString(), convert(Type.MICRO_TIMESTAMP, micros, "source.timezone", "Europe/Berlin").get("v"));
        assertEquals(ChronoUnit.MICROS.between(Instant.EPOCH, meant), convert(Type.MICRO_TIMESTAMP, micros,
                "source.timezone", "Europe/Berlin", "target.type", "epoch-us").get("v"));
        assertEquals(meant.atZone(newYork).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                convert(Type.MICRO_TIMESTAMP, micros, "source.timezone", "Europe/Berlin",
                        "target.timezone", "America/New_York").get("v"));
        // isostring's Z on a zone-less column is the wall clock too; a zoned timestamp is not shifted
        assertEquals(meant.toString(), convert(Type.ISO_TIMESTAMP, wall + "Z", "source.timezone", "Europe/Berlin").get("v"));
        assertEquals("2024-07-01T12:00:00.123456Z", convert(Type.ZONED_TIMESTAMP, "2024-07-01T12:00:00.123456Z",
                "source.timezone", "Europe/Berlin").get("v"));
        // winter: the other offset
        assertEquals("2024-01-01T11:00:00.000Z", convert(Type.TIMESTAMP,
                LocalDateTime.parse("2024-01-01T12:00:00").toInstant(ZoneOffset.UTC).toEpochMilli(),
                "source.timezone", "Europe/Berlin").get("v"));
    }

    @Test
    void formatRendersThePatternInTheTargetZone() {
        Instant i = TemporalSamples.ordinary(6);
        String pattern = "yyyy-MM-dd HH:mm:ss.SSSSSS XXX";
        Struct out = convert(Type.MICRO_TIMESTAMP, Type.MICRO_TIMESTAMP.encode(i), "target.type", "format",
                "format.pattern", pattern, "target.timezone", "+05:30");
        assertEquals(DateTimeFormatter.ofPattern(pattern).format(i.atOffset(ZoneOffset.ofHoursMinutes(5, 30))),
                out.get("v"));
        assertEquals(Schema.OPTIONAL_STRING_SCHEMA, out.schema().field("v").schema());
    }

    // ------------------------------------------------------------------ dates and times

    @ParameterizedTest
    @EnumSource(value = Type.class, names = {"CONNECT_DATE", "DATE", "ISO_DATE"})
    void everyDateTypeToEveryDateTarget(Type type) {
        for (LocalDate d : List.of(LocalDate.parse("2024-03-01"), LocalDate.parse("1969-12-31"),
                LocalDate.parse("0001-01-01"))) {
            Object in = type.encode(d);
            assertEquals(in, convert(type, in).get("v"), "keep by default");
            assertEquals(d.toString(), convert(type, in, "date.target.type", "iso").get("v"));
            assertEquals(java.util.Date.from(d.atStartOfDay(ZoneOffset.UTC).toInstant()),
                    convert(type, in, "date.target.type", "date").get("v"));
            assertEquals((int) d.toEpochDay(), convert(type, in, "date.target.type", "epoch-days").get("v"));
        }
        assertEquals(org.apache.kafka.connect.data.Date.LOGICAL_NAME, convert(type, type.encode(LocalDate.EPOCH),
                "date.target.type", "date").schema().field("v").schema().name());
    }

    @ParameterizedTest
    @EnumSource(value = Type.class, names = {"CONNECT_TIME", "TIME", "MICRO_TIME", "NANO_TIME", "ZONED_TIME", "ISO_TIME"})
    void everyTimeTypeToEveryTimeTarget(Type type) {
        long unitNanos = type.digits == 3 ? 1_000_000L : type.digits == 6 ? 1_000L : 1L;
        LocalTime ordinary = LocalTime.ofNanoOfDay(LocalTime.parse("09:30:00").toNanoOfDay() + 123 * unitNanos);
        LocalTime last = LocalTime.MAX.minusNanos(unitNanos - 1); // the day's last unit
        for (LocalTime t : List.of(ordinary, LocalTime.MIDNIGHT, last)) {
            Object in = type.encode(t);
            String zoned = type == Type.ZONED_TIME ? "Z" : "";
            String iso = t.format(DateTimeFormatter.ofPattern("HH:mm:ss" + (type.digits > 0
                    ? "." + "S".repeat(type == Type.ZONED_TIME || type == Type.ISO_TIME
                    ? Math.max(0, fraction(in.toString())) : type.digits) : "")));
            assertEquals(in, convert(type, in).get("v"), "keep by default");
            assertEquals(iso.endsWith(".") ? iso.substring(0, iso.length() - 1) + zoned : iso + zoned,
                    convert(type, in, "time.target.type", "iso").get("v"));
            assertEquals(t.toNanoOfDay() / 1_000L, convert(type, in, "time.target.type", "micros").get("v"));
            assertEquals(new java.util.Date(t.toNanoOfDay() / 1_000_000L),
                    convert(type, in, "time.target.type", "time").get("v"));
        }
    }

    private static int fraction(String text) {
        int dot = text.indexOf('.');
        if (dot < 0) {
            return 0;
        }
        int n = 0;
        while (dot + 1 + n < text.length() && Character.isDigit(text.charAt(dot + 1 + n))) {
            n++;
        }
        return n;
    }

    @Test
    void twentyFourHundredIsTheEndOfTheDay() {
        assertEquals("24:00:00.000000", convert(Type.MICRO_TIME, 86_400_000_000L, "time.target.type", "iso").get("v"));
        assertEquals(86_400_000_000L, convert(Type.MICRO_TIME, 86_400_000_000L, "time.target.type", "micros").get("v"));
        assertEquals(new java.util.Date(86_400_000L),
                convert(Type.MICRO_TIME, 86_400_000_000L, "time.target.type", "time").get("v"));
        assertEquals(86_400_000_000L, convert(Type.ISO_TIME, "24:00:00", "time.target.type", "micros").get("v"));
        DataException e = assertThrows(DataException.class,
                () -> convert(Type.MICRO_TIME, 86_400_000_001L, "time.target.type", "iso"));
        assertTrue(e.getMessage().contains("outside 00:00 to 24:00") && e.getMessage().contains("'v'"), e.getMessage());
        assertFalse(e.getMessage().contains("86400000001"), "never the value");
    }

    // ------------------------------------------------------------------ special values

    @Test
    void postgresInfinityFollowsSpecialValues() {
        for (long inf : new long[] {Temporals.PG_INFINITY, Temporals.PG_MINUS_INFINITY}) {
            boolean positive = inf > 0;
            assertNull(convert(Type.MICRO_TIMESTAMP, inf).get("v"), "null by default");
            assertEquals(positive ? "infinity" : "-infinity",
                    convert(Type.MICRO_TIMESTAMP, inf, "special.values", "keep").get("v"));
            assertEquals(inf, convert(Type.MICRO_TIMESTAMP, inf, "special.values", "keep", "target.type", "epoch-ms")
                    .get("v"), "Debezium's millisecond encoding");
            for (String target : List.of("epoch-us", "epoch-ns")) {
                assertEquals(positive ? Long.MAX_VALUE : Long.MIN_VALUE, convert(Type.TIMESTAMP, inf,
                        "special.values", "keep", "target.type", target).get("v"), "as MicroTimestamp encodes it");
            }
            long micros = positive ? Long.MAX_VALUE : Long.MIN_VALUE; // adaptive mode's MicroTimestamp
            assertNull(convert(Type.MICRO_TIMESTAMP, micros, "target.type", "epoch-ms").get("v"));
            assertEquals(new java.util.Date(inf),
                    convert(Type.TIMESTAMP, inf, "special.values", "keep", "target.type", "timestamp").get("v"));
            DataException e = assertThrows(DataException.class,
                    () -> convert(Type.NANO_TIMESTAMP, inf, "special.values", "fail"));
            assertTrue(e.getMessage().contains("PostgreSQL's " + (positive ? "infinity" : "-infinity"))
                    && e.getMessage().contains("'v'"), e.getMessage());
        }
        assertNull(convert(Type.ZONED_TIMESTAMP, "infinity").get("v"));
        assertEquals("-infinity", convert(Type.ZONED_TIMESTAMP, "-infinity", "special.values", "keep").get("v"));
        assertThrows(DataException.class,
                () -> convert(Type.ISO_TIMESTAMP, "infinity", "special.values", "fail"));
    }

    @Test
    void postgresInfinityDatesFollowSpecialValues() {
        int minus = Temporals.PG_DATE_MINUS_INFINITY;
        assertNull(convert(Type.DATE, minus, "date.target.type", "iso").get("v"));
        assertEquals("-infinity", convert(Type.DATE, minus, "date.target.type", "iso", "special.values", "keep").get("v"));
        assertEquals(minus, convert(Type.DATE, minus, "date.target.type", "epoch-days", "special.values", "keep")
                .get("v"));
        assertThrows(DataException.class,
                () -> convert(Type.DATE, minus, "date.target.type", "date", "special.values", "fail"));
        assertEquals(minus, convert(Type.DATE, minus).get("v"), "date.target.type=keep leaves it");
        assertNull(convert(Type.ISO_DATE, "infinity", "date.target.type", "date").get("v"));
    }

    @Test
    void aValueTheTargetCannotHoldFollowsSpecialValues() {
        long year3000 = Instant.parse("3000-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;
        assertNull(convert(Type.MICRO_TIMESTAMP, year3000, "target.type", "epoch-ns").get("v"));
        DataException keep = assertThrows(DataException.class, () -> convert(Type.MICRO_TIMESTAMP, year3000,
                "target.type", "epoch-ns", "special.values", "keep"));
        assertTrue(keep.getMessage().contains("beyond the range of epoch-ns"), keep.getMessage());
        assertThrows(DataException.class, () -> convert(Type.MICRO_TIMESTAMP, year3000,
                "target.type", "epoch-ns", "special.values", "fail"));
        assertEquals("3000-01-01T00:00:00.000000Z", convert(Type.MICRO_TIMESTAMP, year3000).get("v"));
    }

    @Test
    void aRequiredFieldKeepsInfinityUnderNull() {
        Schema row = SchemaBuilder.struct().field("v", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp")
                .build()).build();
        Struct out = (Struct) value().apply(record(row, new Struct(row).put("v", Temporals.PG_INFINITY))).value();
        assertEquals("infinity", out.get("v"));
        assertFalse(out.schema().field("v").schema().isOptional());
    }

    // ------------------------------------------------------------------ which fields

    static final Schema ITEM = SchemaBuilder.struct().name("item").optional()
            .field("sku", Schema.STRING_SCHEMA)
            .field("at", Type.MICRO_TIMESTAMP.schema())
            .build();
    static final Schema ROW = SchemaBuilder.struct().name("shop.public.moments.Value")
            .field("id", Schema.INT32_SCHEMA)
            .field("updated_at", Type.MICRO_TIMESTAMP.schema())
            .field("created_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .field("created_text", Schema.OPTIONAL_STRING_SCHEMA)
            .field("released", Type.DATE.schema())
            .field("items", SchemaBuilder.array(ITEM).optional().build())
            .field("history", SchemaBuilder.array(Type.TIMESTAMP.schema()).optional().build())
            .field("by_day", SchemaBuilder.map(Schema.STRING_SCHEMA, Type.ZONED_TIMESTAMP.schema()).optional().build())
            .field("meta", SchemaBuilder.struct().optional().field("seen", Type.NANO_TIMESTAMP.schema()).build())
            .build();

    static Struct row(Schema schema) {
        Schema meta = schema.field("meta").schema();
        return new Struct(schema).put("id", 1).put("updated_at", 1_709_288_130_123_456L).put("created_ms", 1_000L)
                .put("created_text", "2024-03-01T10:15:30+01:00").put("released", 19_783)
                .put("items", List.of(new Struct(ITEM).put("sku", "a").put("at", -1L)))
                .put("history", List.of(0L, -1L))
                .put("by_day", Map.of("mon", "2024-03-04T09:00:00.5+01:00"))
                .put("meta", new Struct(meta).put("seen", 5L));
    }

    @Test
    void withoutFieldsEveryTemporalFieldAtAnyDepthIsConvertedAndBareNumbersAreNot() {
        Struct out = (Struct) value("date.target.type", "iso").apply(record(ROW, row(ROW))).value();
        assertEquals("2024-03-01T10:15:30.123456Z", out.get("updated_at"));
        assertEquals(1_000L, out.get("created_ms"), "a bare number has no unit");
        assertEquals("2024-03-01T10:15:30+01:00", out.get("created_text"));
        assertEquals(LocalDate.ofEpochDay(19_783).toString(), out.get("released"));
        assertEquals("1969-12-31T23:59:59.999999Z", ((Struct) out.getArray("items").get(0)).get("at"));
        assertEquals(List.of("1970-01-01T00:00:00.000Z", "1969-12-31T23:59:59.999Z"), out.getArray("history"));
        assertEquals(Map.of("mon", "2024-03-04T08:00:00.5Z"), out.getMap("by_day"));
        assertEquals("1970-01-01T00:00:00.000000005Z", out.getStruct("meta").get("seen"));
        assertEquals(ROW.name(), out.schema().name());
        assertEquals("io.debezium.time.ZonedTimestamp",
                out.schema().field("items").schema().valueSchema().field("at").schema().name());
    }

    @Test
    void listedFieldsAreTheOnlyOnesAndBareOnesNeedTheirUnit() {
        Struct out = (Struct) value("fields", "created_ms:epoch-ms, created_text:iso, items[*].at", "target.type",
                "epoch-us").apply(record(ROW, row(ROW))).value();
        assertEquals(1_000_000L, out.get("created_ms"));
        assertEquals(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2024-03-01T09:15:30Z")),
                out.get("created_text"));
        assertEquals(-1L, ((Struct) out.getArray("items").get(0)).get("at"));
        assertEquals(1_709_288_130_123_456L, out.get("updated_at"), "not listed");
        assertEquals(List.of(0L, -1L), out.getArray("history"), "not listed");

        DataException noUnit = assertThrows(DataException.class,
                () -> value("fields", "created_ms").apply(record(ROW, row(ROW))));
        assertTrue(noUnit.getMessage().contains("'created_ms'") && noUnit.getMessage().contains("with its unit"),
                noUnit.getMessage());
        DataException wrongUnit = assertThrows(DataException.class,
                () -> value("fields", "created_text:epoch-ms").apply(record(ROW, row(ROW))));
        assertTrue(wrongUnit.getMessage().contains("reads integers"), wrongUnit.getMessage());
        // a pattern passes over the fields it cannot convert
        Struct patterned = (Struct) value("fields", "created_*").apply(record(ROW, row(ROW))).value();
        assertEquals(1_000L, patterned.get("created_ms"));
    }

    @Test
    void epochSecondsAndNanosecondUnits() {
        Schema row = SchemaBuilder.struct().field("s", Schema.INT64_SCHEMA).field("ns", Schema.INT64_SCHEMA).build();
        Struct out = (Struct) value("fields", "s:epoch-s,ns:epoch-ns").apply(record(row,
                new Struct(row).put("s", -1L).put("ns", 1_500L))).value();
        assertEquals("1969-12-31T23:59:59Z", out.get("s"));
        assertEquals("1970-01-01T00:00:00.000001500Z", out.get("ns"));
        assertFalse(out.schema().field("s").schema().isOptional(), "a required field stays required");
    }

    @Test
    void aDefaultValueIsConvertedWithItsField() {
        Schema row = SchemaBuilder.struct().field("v", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp")
                .optional().defaultValue(-1L).doc("updated").build()).build();
        Struct out = (Struct) value().apply(record(row, new Struct(row).put("v", 0L))).value();
        Schema s = out.schema().field("v").schema();
        assertEquals("1969-12-31T23:59:59.999999Z", s.defaultValue());
        assertEquals("updated", s.doc());
    }

    @Test
    void nullsAndTheToastPlaceholderPassThrough() {
        assertNull(convert(Type.MICRO_TIMESTAMP, null).get("v"));
        assertEquals(Conversion.UNAVAILABLE_VALUE, convert(Type.ZONED_TIMESTAMP, Conversion.UNAVAILABLE_VALUE).get("v"));
        assertNull(convert(Type.ZONED_TIMESTAMP, Conversion.UNAVAILABLE_VALUE, "target.type", "epoch-ms").get("v"));
    }

    @Test
    void malformedTextFailsNamingTheFieldNeverTheValue() {
        DataException e = assertThrows(DataException.class, () -> convert(Type.ZONED_TIMESTAMP, "ada@example.com"));
        assertTrue(e.getMessage().contains("'v'") && e.getMessage().contains("not an ISO-8601 date-time")
                && e.getMessage().contains("shop.moments"), e.getMessage());
        assertFalse(e.getMessage().contains("ada@"), e.getMessage());
        DataException date = assertThrows(DataException.class,
                () -> convert(Type.CONNECT_DATE, new java.util.Date(1L), "date.target.type", "iso"));
        assertTrue(date.getMessage().contains("midnight"), date.getMessage());
    }

    // ------------------------------------------------------------------ schemaless, key, envelopes

    @Test
    void schemalessRowsConvertListedFieldsByTheirUnit() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("id", 1L);
        in.put("ts", -1L);
        in.put("created", "2024-03-01T10:15:30.5+01:00");
        in.put("local", "2024-03-01T10:15:30");
        in.put("when", new java.util.Date(0L));
        in.put("inf", Temporals.PG_INFINITY);
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) value("fields", "ts:epoch-us,created:iso,local:iso,when,inf:"
                + "epoch-us,missing:epoch-ms", "source.timezone", "+01:00").apply(record(null, in)).value();
        assertEquals("1969-12-31T23:59:59.999999Z", out.get("ts"));
        assertEquals("2024-03-01T09:15:30.5Z", out.get("created"));
        assertEquals("2024-03-01T09:15:30Z", out.get("local"), "read in source.timezone");
        assertEquals("1970-01-01T00:00:00.000Z", out.get("when"));
        assertNull(out.get("inf"));
        assertFalse(out.containsKey("missing"));
        assertEquals(-1L, in.get("ts"), "the input is never changed");

        DataException e = assertThrows(DataException.class, () -> value("fields", "id").apply(record(null, in)));
        assertTrue(e.getMessage().contains("'id'") && e.getMessage().contains("with its unit"), e.getMessage());
        DataException wrong = assertThrows(DataException.class,
                () -> value("fields", "created:epoch-ms").apply(record(null, in)));
        assertTrue(wrong.getMessage().contains("String"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("2024"), wrong.getMessage());
    }

    @Test
    void theKeySide() {
        Schema key = SchemaBuilder.struct().field("day", Type.DATE.schema()).build();
        TimestampNormalizer.Key<SinkRecord> t = new TimestampNormalizer.Key<>();
        t.configure(props("date.target.type", "iso"));
        SinkRecord r = new SinkRecord("t", 0, key, new Struct(key).put("day", -1), ROW, row(ROW), 1L);
        SinkRecord out = t.apply(r);
        assertEquals("1969-12-31", ((Struct) out.key()).get("day"));
        assertSame(r.value(), out.value(), "the value is not touched");
    }

    static final Schema IMAGE = SchemaBuilder.struct().name("shop.public.moments.Value").optional()
            .field("id", Schema.INT32_SCHEMA)
            .field("updated_at", Type.MICRO_TIMESTAMP.schema())
            .build();
    static final Schema ENVELOPE = Envelopes.envelopeSchema("pg.public.moments", IMAGE);

    static Struct image(long micros) {
        return new Struct(IMAGE).put("id", 1).put("updated_at", micros);
    }

    @Test
    void rowScopeConvertsBothImagesOfEveryChangeEvent() {
        TimestampNormalizer.Value<SinkRecord> t = value("target.type", "epoch-ms");
        for (String op : List.of("c", "r", "u", "d")) {
            Struct event = Envelopes.event(ENVELOPE, op, op.equals("c") || op.equals("r") ? null : image(-1L),
                    op.equals("d") ? null : image(1_999L), 3, true);
            SinkRecord out = t.apply(record(ENVELOPE, event));
            Struct v = (Struct) out.value();
            assertEquals(op, v.get("op"));
            assertEquals(ENVELOPE.name(), out.valueSchema().name(), "still an envelope Unwrap knows");
            if (v.get("before") != null) {
                assertEquals(-1L, v.getStruct("before").get("updated_at"), op);
            }
            if (v.get("after") != null) {
                assertEquals(1L, v.getStruct("after").get("updated_at"), op);
            }
            assertSame(out.valueSchema().field("before").schema(), out.valueSchema().field("after").schema());
            assertEquals(event.get("ts_ms"), v.get("ts_ms"), "the envelope's bare ts_ms is not listed");
        }
        Struct truncate = Envelopes.event(ENVELOPE, "t", null, null, 4, false);
        Struct truncated = (Struct) t.apply(record(ENVELOPE, truncate)).value();
        assertNull(truncated.get("before"), "a truncate has no image");
        assertNull(truncated.get("after"));
        assertEquals(List.of(truncate.get("op"), truncate.get("source"), truncate.get("ts_ms")),
                List.of(truncated.get("op"), truncated.get("source"), truncated.get("ts_ms")));
        SinkRecord tombstone = record(null, null);
        assertSame(tombstone, t.apply(tombstone));
        SinkRecord heartbeat = record(Envelopes.HEARTBEAT, Envelopes.heartbeat(5L));
        assertSame(heartbeat, t.apply(heartbeat));
    }

    @Test
    void envelopeFieldsAreConvertedWhenListed() {
        Struct event = Envelopes.event(ENVELOPE, "u", image(0L), image(1L), 3, true);
        SinkRecord out = value("fields", "$envelope.ts_ms:epoch-ms,$envelope.source.ts_ms:epoch-ms,$envelope.ts_us:"
                + "epoch-us,updated_at").apply(record(ENVELOPE, event));
        Struct v = (Struct) out.value();
        assertEquals(Instant.ofEpochMilli(event.getInt64("ts_ms")).toString(), v.get("ts_ms"));
        assertEquals(Instant.ofEpochMilli(event.getStruct("source").getInt64("ts_ms")).toString(),
                v.getStruct("source").get("ts_ms"));
        assertEquals(Instant.EPOCH.plus(event.getInt64("ts_us"), ChronoUnit.MICROS).toString(), v.get("ts_us"));
        assertEquals("1970-01-01T00:00:00.000001Z", v.getStruct("after").get("updated_at"));
        assertEquals(event.get("ts_ns"), v.get("ts_ns"), "not listed");

        Map<String, Object> schemaless = Envelopes.schemaless(event);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) value("fields", "$envelope.ts_ms:epoch-ms,updated_at:epoch-us")
                .apply(record(null, schemaless)).value();
        assertEquals(Instant.ofEpochMilli(event.getInt64("ts_ms")).toString(), m.get("ts_ms"));
        assertEquals(Map.of("id", 1L, "updated_at", "1970-01-01T00:00:00.000001Z"), m.get("after"));
        assertEquals("1970-01-01T00:00:00.000000Z", ((Map<?, ?>) m.get("before")).get("updated_at"), "the unit's digits");
    }

    // ------------------------------------------------------------------ record timestamp

    private static SinkRecord timestamped(SinkRecord r) {
        return new SinkRecord(r.topic(), 0, null, null, r.valueSchema(), r.value(), 1L, 1_000L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME);
    }

    /** The row column id (read as epoch-ms) of Canal's data[0] and GoldenGate's image: Map and Struct agree. */
    @Test
    void recordTimestampFieldReadsTheRowOfGoldenGateAndCanalStructsAsOfTheirMaps() {
        TimestampNormalizer.Value<SinkRecord> t = value("record.timestamp.field", "id");
        String ada = FlatEnvelopes.rowJson(1, "Ada", null, null);
        String bob = FlatEnvelopes.rowJson(2, "Bob", null, null);
        Struct adaRow = FlatEnvelopes.row(1, "Ada", null, null);
        Struct bobRow = FlatEnvelopes.row(2, "Bob", null, null);
        assertEquals(1L, t.apply(timestamped(FlatEnvelopes.schemaless(FlatEnvelopes.canalJson("INSERT",
                "[" + ada + "]", "null")))).timestamp(), "canal map: data[0].id");
        assertEquals(1L, t.apply(timestamped(FlatEnvelopes.schemad(FlatEnvelopes.canal("INSERT",
                List.of(adaRow), null)))).timestamp(), "canal struct: data[0].id");
        assertEquals(2L, t.apply(timestamped(FlatEnvelopes.schemad(FlatEnvelopes.canal("DELETE",
                List.of(bobRow), null)))).timestamp(), "canal struct delete: data[0].id");
        assertEquals(2L, t.apply(timestamped(FlatEnvelopes.schemaless(FlatEnvelopes.goldenGateJson("U",
                ada, bob)))).timestamp(), "goldengate map: after.id");
        assertEquals(2L, t.apply(timestamped(FlatEnvelopes.schemad(FlatEnvelopes.goldenGate("U",
                adaRow, bobRow)))).timestamp(), "goldengate struct: after.id");
        assertEquals(1L, t.apply(timestamped(FlatEnvelopes.schemad(FlatEnvelopes.goldenGate("D",
                adaRow, null)))).timestamp(), "goldengate struct delete: before.id");
        assertEquals(1_000L, t.apply(timestamped(FlatEnvelopes.schemad(FlatEnvelopes.canal("TRUNCATE",
                null, null).put("isDdl", true)))).timestamp(), "a truncate has no row: the record keeps its own");
    }

    @Test
    void recordTimestampFieldSetsTheRecordsTimestamp() {
        Struct event = Envelopes.event(ENVELOPE, "u", image(0L), image(1_709_288_130_123_456L), 3, true);
        long commit = event.getStruct("source").getInt64("ts_ms");
        SinkRecord out = value("record.timestamp.field", "$envelope.source.ts_ms").apply(record(ENVELOPE, event));
        assertEquals(commit, out.timestamp());
        // a row column of a temporal type, from after (before for a delete)
        assertEquals(1_709_288_130_123L, value("record.timestamp.field", "updated_at")
                .apply(record(ENVELOPE, event)).timestamp());
        Struct delete = Envelopes.event(ENVELOPE, "d", image(-1_500L), null, 3, true);
        assertEquals(-2L, value("record.timestamp.field", "updated_at").apply(record(ENVELOPE, delete)).timestamp());
        // after Unwrap: a plain row; a unit for a bare count
        Schema row = SchemaBuilder.struct().field("__source_ts_us", Schema.OPTIONAL_INT64_SCHEMA).build();
        assertEquals(1_234L, value("record.timestamp.field", "__source_ts_us:epoch-us")
                .apply(record(row, new Struct(row).put("__source_ts_us", 1_234_567L))).timestamp());
        // missing or null: the record keeps its own
        assertEquals(1_000L, value("record.timestamp.field", "nope").apply(record(row, new Struct(row))).timestamp());
        assertEquals(1_000L, value("record.timestamp.field", "__source_ts_us")
                .apply(record(row, new Struct(row))).timestamp());
        // schemaless envelope
        assertEquals(commit, value("record.timestamp.field", "$envelope.source.ts_ms")
                .apply(record(null, Envelopes.schemaless(event))).timestamp());
        // infinity keeps the record's timestamp, or fails with special.values=fail
        Struct inf = Envelopes.event(ENVELOPE, "c", null, image(Temporals.PG_INFINITY), 3, true);
        assertEquals(1_000L, value("record.timestamp.field", "updated_at").apply(record(ENVELOPE, inf)).timestamp());
        assertThrows(DataException.class, () -> value("record.timestamp.field", "updated_at", "special.values", "fail")
                .apply(record(ENVELOPE, inf)));
    }

    @Test
    void recordTimestampFieldFollowsTheEnvelopeModeAndEveryDialect() {
        // schemaless: a missing key, or a row without the column, keeps the record's timestamp
        Map<String, Object> plain = new LinkedHashMap<>(Map.of("id", 1L));
        assertEquals(1_000L, value("record.timestamp.field", "__source_ts_ms").apply(record(null, plain)).timestamp());
        Map<String, Object> event = Envelopes.schemaless(Envelopes.event(ENVELOPE, "u", image(0L), image(1L), 3, true));
        assertEquals(1_000L, value("record.timestamp.field", "nope").apply(record(null, event)).timestamp());
        assertEquals(1_000L, value("record.timestamp.field", "id.x").apply(record(null, plain)).timestamp());
        // off: paths address the envelope as it is
        Struct update = Envelopes.event(ENVELOPE, "u", image(0L), image(1_999_000L), 3, true);
        assertEquals(1_999L, value("envelope.mode", "off", "record.timestamp.field", "after.updated_at")
                .apply(record(ENVELOPE, update)).timestamp());
        assertEquals(1_999L, value("envelope.mode", "off", "record.timestamp.field", "after.updated_at:epoch-us")
                .apply(record(null, Envelopes.schemaless(update))).timestamp());
        assertEquals(1_000L, value("envelope.mode", "off", "record.timestamp.field", "$envelope.ts_ms")
                .apply(record(ENVELOPE, update)).timestamp(), "no envelope in off mode");
        // row: only change events
        Schema row = SchemaBuilder.struct().field("at", Schema.OPTIONAL_INT64_SCHEMA).build();
        assertEquals(1_000L, value("envelope.mode", "row", "record.timestamp.field", "at")
                .apply(record(row, new Struct(row).put("at", 5L))).timestamp());
        // Maxwell keeps its row under data
        Map<String, Object> data = new LinkedHashMap<>(Map.of("id", 1L, "updated_at", "2024-03-01T10:15:30Z"));
        assertEquals(Instant.parse("2024-03-01T10:15:30Z").toEpochMilli(), value("record.timestamp.field",
                "updated_at").apply(record(null, Envelopes.maxwell("insert", data, null))).timestamp());
        // a unit its field cannot hold
        Schema ints = SchemaBuilder.struct().field("a", Schema.INT64_SCHEMA).build();
        DataException e = assertThrows(DataException.class, () -> value("record.timestamp.field", "a:iso")
                .apply(record(ints, new Struct(ints).put("a", 1L))));
        assertTrue(e.getMessage().contains("which unit iso cannot read"), e.getMessage());
    }

    @Test
    void theEdgesOfTheRanges() {
        Schema row = SchemaBuilder.struct().field("s", Schema.OPTIONAL_INT64_SCHEMA).build();
        Struct big = (Struct) value("fields", "s:epoch-s").apply(record(row,
                new Struct(row).put("s", 100_000_000_000_000_000L))).value();
        assertNull(big.get("s"), "beyond Instant's range: special.values");
        assertEquals(Long.MIN_VALUE + 1, convert(Type.NANO_TIMESTAMP, Long.MIN_VALUE + 1, "target.type", "epoch-ns")
                .get("v"), "the smallest count that is not infinity");
        assertEquals(Long.MIN_VALUE + 1, convert(Type.MICRO_TIMESTAMP, Long.MIN_VALUE + 1, "target.type", "epoch-us")
                .get("v"));
        assertNull(convert(Type.ISO_DATE, "+10000000-01-01", "date.target.type", "date").get("v"),
                "a Connect Date is an int32 day");
        assertEquals("2024-03-01T03:15:30Z", convert(Type.ZONED_TIMESTAMP, "2024-03-01T08:15:30+05").get("v"),
                "an hour-only offset");
        assertEquals("22:00:00Z", convert(Type.ZONED_TIME, "24:00:00+02:00", "time.target.type", "iso").get("v"));
        assertEquals("24:00:00Z", convert(Type.ZONED_TIME, "24:00:00Z", "time.target.type", "iso").get("v"));
    }

    @Test
    void aSchemalessPatternWithAUnitPassesOverValuesItCannotRead() {
        Map<String, Object> in = new LinkedHashMap<>(Map.of("created_at", 1_000L, "label_at", "abc"));
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) value("fields", "*_at:epoch-ms").apply(record(null, in)).value();
        assertEquals(Map.of("created_at", "1970-01-01T00:00:01.000Z", "label_at", "abc"), out);
    }

    @Test
    void recordTimestampFieldOfADateIsAnError() {
        Schema row = SchemaBuilder.struct().field("day", Type.DATE.schema()).build();
        DataException e = assertThrows(DataException.class, () -> value("record.timestamp.field", "day")
                .apply(record(row, new Struct(row).put("day", 1))));
        assertTrue(e.getMessage().contains("not a timestamp"), e.getMessage());
    }

    /** The input-to-output table of README.md, row by row (its inputs are the temporal corpus's ordinary row). */
    @Test
    void theReadmeTableHolds() {
        java.util.Date stamp = new java.util.Date(1_709_288_130_123L);
        long micros = 1_709_288_130_123_456L;
        String zoned = "2024-03-01T08:15:30.123456Z";
        Object[][] rows = {
            {Type.CONNECT_TIMESTAMP, stamp, "2024-03-01T10:15:30.123Z", 1_709_288_130_123L},
            {Type.TIMESTAMP, 1_709_288_130_123L, "2024-03-01T10:15:30.123Z", 1_709_288_130_123L},
            {Type.MICRO_TIMESTAMP, micros, "2024-03-01T10:15:30.123456Z", 1_709_288_130_123L},
            {Type.NANO_TIMESTAMP, 1_709_288_130_123_456_789L, "2024-03-01T10:15:30.123456789Z", 1_709_288_130_123L},
            {Type.ZONED_TIMESTAMP, zoned, zoned, 1_709_280_930_123L},
            {Type.ISO_TIMESTAMP, "2024-03-01T10:15:30.123456Z", "2024-03-01T10:15:30.123456Z", 1_709_288_130_123L},
        };
        for (Object[] r : rows) {
            Type t = (Type) r[0];
            assertEquals(r[2], convert(t, r[1]).get("v"), t.name());
            assertEquals(r[3], convert(t, r[1], "target.type", "epoch-ms").get("v"), t.name());
        }
        assertEquals(1_709_288_130_123_000L, convert(Type.CONNECT_TIMESTAMP, stamp, "target.type", "epoch-us").get("v"));
        assertEquals(stamp, convert(Type.TIMESTAMP, 1_709_288_130_123L, "target.type", "timestamp").get("v"));
        assertEquals(micros, convert(Type.MICRO_TIMESTAMP, micros, "target.type", "epoch-us").get("v"));
        assertEquals(1_709_288_130_123_456_789L, convert(Type.NANO_TIMESTAMP, 1_709_288_130_123_456_789L,
                "target.type", "epoch-ns").get("v"));
        assertEquals("2024-03-01T09:15:30.123456+01:00", convert(Type.ZONED_TIMESTAMP, zoned,
                "target.timezone", "Europe/Berlin").get("v"));

        java.util.Date day = new java.util.Date(1_709_251_200_000L);
        assertEquals("2024-03-01", convert(Type.CONNECT_DATE, day, "date.target.type", "iso").get("v"));
        assertEquals(19_783, convert(Type.CONNECT_DATE, day, "date.target.type", "epoch-days").get("v"));
        assertEquals("2024-03-01", convert(Type.DATE, 19_783, "date.target.type", "iso").get("v"));
        assertEquals(day, convert(Type.DATE, 19_783, "date.target.type", "date").get("v"));
        assertEquals("2024-03-01", convert(Type.ISO_DATE, "2024-03-01Z", "date.target.type", "iso").get("v"));
        assertEquals(19_783, convert(Type.ISO_DATE, "2024-03-01Z", "date.target.type", "epoch-days").get("v"));

        java.util.Date time = new java.util.Date(34_215_123L);
        assertEquals("09:30:15.123", convert(Type.CONNECT_TIME, time, "time.target.type", "iso").get("v"));
        assertEquals(34_215_123_000L, convert(Type.CONNECT_TIME, time, "time.target.type", "micros").get("v"));
        assertEquals("09:30:15.123", convert(Type.TIME, 34_215_123, "time.target.type", "iso").get("v"));
        assertEquals(time, convert(Type.TIME, 34_215_123, "time.target.type", "time").get("v"));
        assertEquals("09:30:15.123456", convert(Type.MICRO_TIME, 34_215_123_456L, "time.target.type", "iso").get("v"));
        assertEquals("09:30:15.123456789", convert(Type.NANO_TIME, 34_215_123_456_789L, "time.target.type", "iso")
                .get("v"));
        assertEquals(34_215_123_456L, convert(Type.NANO_TIME, 34_215_123_456_789L, "time.target.type", "micros")
                .get("v"));
        assertEquals("07:30:15.123456Z", convert(Type.ZONED_TIME, "07:30:15.123456Z", "time.target.type", "iso")
                .get("v"));
        assertEquals(27_015_123_456L, convert(Type.ZONED_TIME, "07:30:15.123456Z", "time.target.type", "micros")
                .get("v"));
        assertEquals("09:30:15.123456", convert(Type.ISO_TIME, "09:30:15.123456Z", "time.target.type", "iso").get("v"));
        assertEquals(34_215_123_456L, convert(Type.ISO_TIME, "09:30:15.123456Z", "time.target.type", "micros")
                .get("v"));
    }

    // ------------------------------------------------------------------ configuration

    @Test
    void configurationMistakesNameTheKey() {
        Map<String, String[]> bad = new LinkedHashMap<>();
        bad.put("fields", new String[] {"fields", "ts:epoch-hours"});
        bad.put("format.pattern", new String[] {"target.type", "format"});
        bad.put("format.pattern ", new String[] {"format.pattern", "yyyy"});
        bad.put("format.pattern  ", new String[] {"target.type", "format", "format.pattern", "yyyy-MM-dd'T'HH:mm:ss VV"});
        bad.put("target.timezone", new String[] {"target.timezone", "Mars/Olympus"});
        bad.put("source.timezone", new String[] {"source.timezone", ""});
        bad.put("record.timestamp.field", new String[] {"record.timestamp.field", "*_at"});
        bad.put("special.values", new String[] {"special.values", "zero"});
        bad.put("record.timestamp.field ", new String[] {"record.timestamp.field", "$envelope"});
        bad.put("fields ", new String[] {"fields", "a:epoch-ms,a:epoch-us"});
        bad.put("fields  ", new String[] {"fields", "$envelope.before.x"});
        for (Map.Entry<String, String[]> b : bad.entrySet()) {
            ConfigException e = assertThrows(ConfigException.class, () -> value(b.getValue()), b.getKey());
            assertTrue(e.getMessage().contains(b.getKey().trim()), e.getMessage());
        }
    }

    /** The contract every cdckit transform keeps. */
    @Nested
    class Contract extends TransformContract {
        @Override
        protected Transformation<SinkRecord> newTransform() {
            return new TimestampNormalizer.Value<>();
        }

        @Override
        protected Map<String, String> config() {
            return props("date.target.type", "iso", "record.timestamp.field", "$envelope.source.ts_ms");
        }

        @Override
        protected List<SinkRecord> records() {
            return List.of(record(ROW, row(ROW)),
                    record(ENVELOPE, Envelopes.event(ENVELOPE, "u", image(-1L), image(1L), 3, true)),
                    record(null, Envelopes.schemaless(Envelopes.event(ENVELOPE, "c", null, image(1L), 4, true))));
        }

        @Override
        protected List<SinkRecord> badRecords() {
            Schema row = SchemaBuilder.struct().field("v", Type.ZONED_TIMESTAMP.schema()).build();
            return List.of(record(row, new Struct(row).put("v", "secret-value-not-a-time")));
        }

        @Override
        protected Map<String, String> badConfigs() {
            return Map.of("fields", "ts:hours", "target.type", "epoch-minutes", "target.timezone", "Nowhere/Land",
                    "date.target.type", "julian", "record.timestamp.field", "a[*]");
        }
    }
}
