package io.cdckit.testkit;

import io.cdckit.core.CdckitVersion;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract every cdckit transform keeps, as tests its test class inherits: extend this class,
 * say how to make the transform and what to feed it, and JUnit runs these checks with the
 * transform's own tests.
 *
 * <ul>
 *   <li>a cheap public no-arg constructor, {@code config()} before {@code configure()}, the
 *       project version;</li>
 *   <li>the configuration validated through the {@code ConfigDef} (as Connect's validate endpoint
 *       does) and every key documented; a wrong value fails at {@code configure()} naming the key;</li>
 *   <li>secrets: every PASSWORD key refuses an empty value; no PASSWORD or sensitive key shows
 *       its value in a message or {@code toString}; no key is named like a secret without being one,
 *       unless it only names a column or field ({@link #nonSecretKeys});</li>
 *   <li>the input record, its headers and the Structs, Lists and Maps it holds are never modified;</li>
 *   <li>{@code apply} from several threads at once gives the same results as from one;</li>
 *   <li>tombstones and records that carry no row pass through (unless the transform documents
 *       otherwise: override {@link #checkTombstone}, {@link #checkPassThrough});</li>
 *   <li>a record the transform cannot handle fails with a {@code DataException} (never a
 *       {@code NullPointerException} or {@code ClassCastException}) in the project's format, and no
 *       message of it or of its causes holds a value of the record.</li>
 * </ul>
 */
public abstract class TransformContract {

    /** A new, unconfigured instance, as Connect's discovery makes one. */
    protected abstract Transformation<SinkRecord> newTransform();

    /** A valid configuration for the checks. */
    protected abstract Map<String, String> config();

    /** Records the transform acts on (each check applies it to deep copies). */
    protected abstract List<SinkRecord> records();

    /** Records the transform must refuse with a DataException; none of their values may show in a message. */
    protected List<SinkRecord> badRecords() {
        return List.of();
    }

    /**
     * Wrong values of single keys: each must fail at {@code configure()} naming the key, and show on
     * that key in Connect's validate.
     */
    protected Map<String, String> badConfigs() {
        return Map.of();
    }

    /**
     * Keys named like a secret ({@code ...key}, {@code ...token}) whose values only name a column or
     * field, as {@code table.field.event.key} names the column of the event key: they need not be
     * marked sensitive. Each must exist, be named so and not be marked as a secret.
     */
    protected Set<String> nonSecretKeys() {
        return Set.of();
    }

    /** Records that carry no row: Debezium's control records and a plain string; they must pass through. */
    protected List<SinkRecord> passThroughRecords() {
        return List.of(
                Envelopes.record("t", null, null, Envelopes.HEARTBEAT, Envelopes.heartbeat(1L), 1),
                Envelopes.record("t", null, null, Envelopes.SCHEMA_CHANGE, Envelopes.schemaChange("DROP TABLE x"), 2),
                Envelopes.record("t", null, null, Envelopes.TRANSACTION_METADATA,
                        Envelopes.transactionMetadata("BEGIN", 3), 3),
                Envelopes.record("t", null, null, Schema.STRING_SCHEMA, "just a string", 4));
    }

    /** What the transform does with a tombstone; by default it passes it on as it is. */
    protected void checkTombstone(SinkRecord in, SinkRecord out) {
        assertSame(in, out, "a tombstone passes through");
    }

    /** What it does with a record of {@link #passThroughRecords()}; by default passes it on as it is. */
    protected void checkPassThrough(SinkRecord in, SinkRecord out) {
        assertSame(in, out, "passes through: " + in.valueSchema());
    }

    protected final Transformation<SinkRecord> configured() {
        Transformation<SinkRecord> t = newTransform();
        t.configure(config());
        return t;
    }

    // ------------------------------------------------------------------ plugin basics

    @Test
    void contractPublicNoArgConstructorVersionAndConfigBeforeConfigure() throws Exception {
        Transformation<SinkRecord> t = newTransform().getClass().getConstructor().newInstance();
        assertNotNull(t.config(), "config() before configure(), as Connect's discovery calls it");
        assertTrue(t instanceof Versioned, "every plugin is Versioned");
        assertEquals(CdckitVersion.VERSION, ((Versioned) t).version());
        t.close();
    }

    @Test
    void contractTheConfigValidatesAndEveryKeyIsDocumented() {
        ConfigDef def = newTransform().config();
        for (ConfigValue v : def.validate(config())) {
            assertEquals(List.of(), v.errorMessages(), "key " + v.name());
        }
        for (ConfigDef.ConfigKey k : def.configKeys().values()) {
            assertTrue(k.documentation != null && k.documentation.length() >= 20, "documented: " + k.name);
        }
        configured().close();
    }

    @Test
    void contractAWrongValueFailsNamingTheKey() {
        ConfigDef def = newTransform().config();
        for (Map.Entry<String, String> bad : badConfigs().entrySet()) {
            Map<String, String> c = new HashMap<>(config());
            c.put(bad.getKey(), bad.getValue());
            ConfigException e = assertThrows(ConfigException.class, () -> newTransform().configure(c), bad.toString());
            assertTrue(e.getMessage().contains(bad.getKey()), e.getMessage());
            boolean shown = false;
            for (ConfigValue v : def.validate(c)) {
                shown |= v.name().equals(bad.getKey()) && !v.errorMessages().isEmpty();
            }
            assertTrue(shown, "Connect's validate reports " + bad + " on its key");
        }
    }

    // ------------------------------------------------------------------ secrets

    @Test
    void contractSecretsAreNeverShownAndPasswordsNeverEmpty() {
        Transformation<SinkRecord> probe = newTransform();
        SecretsCheck.assertSecretsNeverShown(probe.config(), config(), c -> {
            Transformation<SinkRecord> t = newTransform();
            t.configure(c);
            return t;
        }, nonSecretKeys());
        assertFalse(String.valueOf(probe).contains(SecretsCheck.SECRET));
    }

    // ------------------------------------------------------------------ records

    @Test
    void contractTheInputIsNeverModified() {
        Transformation<SinkRecord> t = configured();
        for (SinkRecord r : all()) {
            List<Object> before = snapshot(r);
            try {
                t.apply(r);
            } catch (DataException refused) {
                // a refusal must not modify the input either
            }
            assertEquals(before, snapshot(r), "input modified: " + r.valueSchema());
        }
        t.close();
    }

    @Test
    void contractConcurrentApplyGivesTheSameResults() throws Exception {
        Transformation<SinkRecord> t = configured();
        List<SinkRecord> inputs = records();
        List<List<Object>> expected = new ArrayList<>();
        for (SinkRecord r : inputs) {
            expected.add(Differential.describe(t.apply(copy(r))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                runs.add(pool.submit((Callable<Integer>) () -> {
                    int n = 0;
                    for (int pass = 0; pass < 200; pass++) {
                        for (int i = 0; i < inputs.size(); i++) {
                            assertEquals(expected.get(i), Differential.describe(t.apply(copy(inputs.get(i)))));
                            n++;
                        }
                    }
                    return n;
                }));
            }
            for (Future<Integer> f : runs) {
                assertEquals(200 * inputs.size(), f.get());
            }
        } finally {
            pool.shutdown();
        }
        t.close();
    }

    @Test
    void contractTombstonesAndRecordsWithoutRowsAsDocumented() {
        Transformation<SinkRecord> t = configured();
        SinkRecord first = records().get(0);
        SinkRecord tombstone = new SinkRecord(first.topic(), 0, first.keySchema(), first.key(), null, null, 99L);
        checkTombstone(tombstone, t.apply(tombstone));
        for (SinkRecord r : passThroughRecords()) {
            checkPassThrough(r, t.apply(r));
        }
        t.close();
    }

    @Test
    void contractRefusalsAreDataExceptionsWithoutValues() {
        Transformation<SinkRecord> t = configured();
        for (SinkRecord bad : badRecords()) {
            DataException e = assertThrows(DataException.class, () -> t.apply(copy(bad)));
            assertTrue(e.getMessage().contains("[topic '" + bad.topic() + "'"), "the project's format: " + e.getMessage());
            List<String> values = new ArrayList<>();
            collect(bad.key(), values);
            collect(bad.value(), values);
            values.removeIf(bad.topic()::contains); // a table name is both a value and part of the topic
            for (Throwable c = e; c != null; c = c.getCause()) {
                for (String v : values) {
                    assertFalse(String.valueOf(c.getMessage()).contains(v), "the message holds a value: " + c);
                }
            }
        }
        t.close();
    }

    // ------------------------------------------------------------------ helpers

    private List<SinkRecord> all() {
        List<SinkRecord> all = new ArrayList<>(records());
        all.addAll(badRecords());
        all.addAll(passThroughRecords());
        return all;
    }

    /** A copy of a record with copies of every mutable value and its own headers. */
    protected static SinkRecord copy(SinkRecord r) {
        SinkRecord c = Envelopes.copy(r);
        return c.newRecord(c.topic(), c.kafkaPartition(), c.keySchema(), Envelopes.deepCopyValue(c.key()),
                c.valueSchema(), Envelopes.deepCopyValue(c.value()), c.timestamp(), c.headers());
    }

    /** Everything of a record that compares by content, headers included, for before/after checks. */
    private static List<Object> snapshot(SinkRecord r) {
        List<Object> s = new ArrayList<>();
        s.add(r.topic());
        s.add(r.keySchema());
        s.add(Envelopes.deepCopyValue(r.key()));
        s.add(r.valueSchema());
        s.add(Envelopes.deepCopyValue(r.value()));
        List<Object> headers = new ArrayList<>();
        for (Header h : r.headers()) {
            headers.add(List.of(h.key(), String.valueOf(h.schema()), String.valueOf(Envelopes.deepCopyValue(h.value()))));
        }
        s.add(headers);
        return s;
    }

    /** The strings (3 characters or more) and numbers (4 digits or more) a value holds, deeply. */
    private static void collect(Object v, List<String> out) {
        if (v instanceof String && ((String) v).length() >= 3) {
            out.add((String) v);
        } else if (v instanceof Number && v.toString().replace("-", "").length() >= 4) {
            out.add(v.toString());
        } else if (v instanceof Struct) {
            Struct s = (Struct) v;
            s.schema().fields().forEach(f -> collect(s.getWithoutDefault(f.name()), out));
        } else if (v instanceof Map) {
            ((Map<?, ?>) v).forEach((k, e) -> collect(e, out));
        } else if (v instanceof List) {
            ((List<?>) v).forEach(e -> collect(e, out));
        }
    }
}
