package io.cdckit.core.transform;

import io.cdckit.core.CdckitVersion;
import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.record.Side;
import io.cdckit.core.record.WithheldException;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Values;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CdcTransformTest {

    /** A minimal Key/Value transform in the documented style: upper-cases a string key or value. */
    abstract static class Upper<R extends ConnectRecord<R>> extends SideTransform<R> {
        static final ConfigDef DEF = ConfigKeys.define()
                .string("suffix", "", "Appended to the result.")
                .build();
        String suffix;

        Upper(Side side) {
            super(side);
        }

        @Override
        public ConfigDef config() {
            return DEF;
        }

        @Override
        protected void configure(TransformConfig config) {
            suffix = config.getString("suffix");
        }

        @Override
        protected R transform(R record) {
            Object v = operatingValue(record);
            if (v == null) {
                return record;
            }
            if (!(v instanceof String)) {
                throw dataError(record, null, "expected a STRING " + side.label() + ", got " + v.getClass().getSimpleName());
            }
            return newRecord(record, operatingSchema(record), ((String) v).toUpperCase() + suffix);
        }

        public static final class Key<R extends ConnectRecord<R>> extends Upper<R> {
            public Key() {
                super(Side.KEY);
            }
        }

        public static final class Value<R extends ConnectRecord<R>> extends Upper<R> {
            public Value() {
                super(Side.VALUE);
            }
        }
    }

    private static SourceRecord rec(Object key, Object value) {
        return new SourceRecord(null, null, "t", 0, Schema.OPTIONAL_STRING_SCHEMA, key, Schema.OPTIONAL_STRING_SCHEMA, value);
    }

    @Test
    void keyAndValueVariantsActOnTheirSide() {
        Upper.Value<SourceRecord> v = new Upper.Value<>();
        v.configure(Map.of("suffix", "!"));
        SourceRecord out = v.apply(rec("k", "v"));
        assertEquals("k", out.key());
        assertEquals("V!", out.value());
        assertEquals(Side.VALUE, v.side());

        Upper.Key<SourceRecord> k = new Upper.Key<>();
        k.configure(Map.of());
        SourceRecord out2 = k.apply(rec("k", "v"));
        assertEquals("K", out2.key());
        assertEquals("v", out2.value());
        SourceRecord tomb = rec(null, null);
        assertSame(tomb, k.apply(tomb));
    }

    @Test
    void versionIsTheProjectVersion() {
        assertEquals(CdckitVersion.VERSION, new Upper.Value<SourceRecord>().version());
        assertNotEquals("unknown", CdckitVersion.VERSION);
        assertFalse(CdckitVersion.VERSION.contains("${"));
    }

    @Test
    void configureValidatesThroughTheConfigDef() {
        Upper.Value<SourceRecord> v = new Upper.Value<>();
        ConfigException e = assertThrows(ConfigException.class, () -> v.configure(Map.of("suffix", 5)));
        assertTrue(e.getMessage().contains("suffix"));
    }

    @Test
    void dataErrorsNameTransformLocationAndNeverTheValue() {
        Upper.Value<SinkRecord> v = new Upper.Value<>();
        v.configure(Map.of());
        SinkRecord r = new SinkRecord("orders", 1, null, null, Schema.INT64_SCHEMA, 4111111111111111L, 17L);
        DataException e = assertThrows(DataException.class, () -> v.apply(r));
        assertEquals("CdcTransformTest.Upper.Value: expected a STRING value, got Long [topic 'orders', partition 1, offset 17]",
                e.getMessage());
        assertFalse(e.getMessage().contains("4111111111111111"));
        assertEquals("Mask: bad (field 'after.email') [topic 't', partition 0]",
                CdcTransform.message("Mask", rec(null, null), "after.email", "bad"));
    }

    /** A transform that fails in the way {@code failure} says, for the error contract. */
    static final class Failing extends CdcTransform<SinkRecord> {
        static final ConfigDef DEF = ConfigKeys.define().string("failure", "npe", "How to fail.").build();
        String failure;

        @Override
        public ConfigDef config() {
            return DEF;
        }

        @Override
        protected void configure(TransformConfig config) {
            failure = config.getString("failure");
        }

        @Override
        protected SinkRecord transform(SinkRecord record) {
            switch (failure) {
                case "npe":
                    throw new NullPointerException("Cannot invoke \"4111111111111111\".length()");
                case "number":
                    Integer.parseInt((String) record.value());
                    return record;
                case "values":
                    Values.convertToInteger(null, "card " + record.value());
                    return record;
                case "path":
                    throw new io.cdckit.core.path.FieldPathException("after.card", "expected a string, got Long", null);
                case "data":
                    throw new DataException("Struct schemas do not match.");
                case "retriable":
                    throw new org.apache.kafka.connect.errors.RetriableException("registry unreachable");
                default:
                    return record;
            }
        }
    }

    private static Throwable failure(String how, Object value) {
        Failing t = new Failing();
        t.configure(Map.of("failure", how));
        SinkRecord r = new SinkRecord("cards", 2, null, null, Schema.OPTIONAL_STRING_SCHEMA, value, 9L);
        return assertThrows(RuntimeException.class, () -> t.apply(r));
    }

    @Test
    void foreignExceptionsAndConversionErrorsOfValuesAreReportedByClassWithTheirMessagesWithheld() {
        for (String how : new String[]{"npe", "number", "values"}) {
            Throwable e = failure(how, "4111111111111111");
            assertTrue(e instanceof TransformException, how + ": " + e);
            assertTrue(e.getMessage().startsWith("CdcTransformTest.Failing: failed with "), e.getMessage());
            assertTrue(e.getMessage().endsWith("[topic 'cards', partition 2, offset 9]"), e.getMessage());
            for (Throwable c = e; c != null; c = c.getCause()) {
                assertFalse(String.valueOf(c.getMessage()).contains("4111111111111111"), how + ": " + c);
            }
            assertTrue(e.getCause() instanceof WithheldException, how);
            assertTrue(e.getCause().getStackTrace().length > 0, "the stack trace is kept");
        }
    }

    @Test
    void cdckitsOwnMessagesAreKeptWithTheFieldPath() {
        Throwable path = failure("path", "x");
        assertEquals("CdcTransformTest.Failing: expected a string, got Long (field 'after.card') "
                + "[topic 'cards', partition 2, offset 9]", path.getMessage());
        Throwable data = failure("data", "x");
        assertEquals("CdcTransformTest.Failing: Struct schemas do not match. [topic 'cards', partition 2, offset 9]",
                data.getMessage());
        assertTrue(data instanceof TransformException);
    }

    @Test
    void aRetriableFailureStaysRetriableInTheSameFormat() {
        Throwable e = failure("retriable", "x");
        assertTrue(e instanceof org.apache.kafka.connect.errors.RetriableException, e.toString());
        assertEquals("CdcTransformTest.Failing: registry unreachable [topic 'cards', partition 2, offset 9]",
                e.getMessage());
    }

    @Test
    void toStringShowsNoConfiguration() {
        Failing t = new Failing();
        t.configure(Map.of("failure", "s3cr3t"));
        assertEquals("CdcTransformTest.Failing", t.toString());
    }
}
