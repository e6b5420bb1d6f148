package io.cdckit.examples.fuzz;

import io.cdckit.smt.unwrap.ChangedFields;
import io.cdckit.smt.unwrap.Unwrap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.List;
import java.util.Map;

/**
 * Fuzzes {@link Unwrap} (Debezium's default tombstone handling, and rewrite with added fields and
 * headers) and {@link ChangedFields}: every record gives a row equal to one of the envelope's images, a
 * pass-through or a drop, or a DataException naming no value.
 */
class UnwrapFuzzTest {

    static final int BATCH = Fuzz.BATCH;
    static final int TRIES = Fuzz.TRIES;
    static final Gen GEN = new Gen();
    static final Outcomes OUTCOMES = new Outcomes();

    @Provide
    Arbitrary<List<Gen.Sample>> batches() {
        return Arbitraries.randomValue(r -> GEN.batch(r, BATCH));
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
    void unwrapDefault(@ForAll("batches") List<Gen.Sample> batch) {
        run("Unwrap(tombstone)", Map.of(), batch);
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
    void unwrapRewrite(@ForAll("batches") List<Gen.Sample> batch) {
        run("Unwrap(rewrite)", Map.of("delete.tombstone.handling.mode", "rewrite-with-tombstone",
                "add.fields", "op,source.ts_ms,table", "add.headers", "op,db", "route.by.field", "",
                "truncate.handling.mode", "keep"), batch);
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
    void changedFields(@ForAll("batches") List<Gen.Sample> batch) {
        ChangedFields<SinkRecord> t = new ChangedFields<>();
        t.configure(Map.of("header.changed.name", "changed", "header.unchanged.name", "unchanged"));
        Outcomes.Plugin p = OUTCOMES.plugin("ChangedFields");
        Outcomes.Attempt a = Outcomes.transform(t, false, UnwrapFuzzTest::changedNamesDiffer);
        batch.forEach(s -> p.run(s, a));
        Fuzz.check(p);
    }

    private static void run(String name, Map<String, String> config, List<Gen.Sample> batch) {
        Unwrap<SinkRecord> t = new Unwrap<>();
        t.configure(config);
        Outcomes.Plugin p = OUTCOMES.plugin(name);
        Outcomes.Attempt a = Outcomes.transform(t, true, UnwrapFuzzTest::rowIsAnImage);
        batch.forEach(s -> p.run(s, a));
        Fuzz.check(p);
    }

    /** The output row holds every field of the after image, or of the before image, with its value. */
    static void rowIsAnImage(SinkRecord in, SinkRecord out) {
        if (out == in || out.value() == null) {
            return;
        }
        Map<String, Object> images = Rows.images(in.value());
        if (images.isEmpty() || images.containsKey("row") || !Rows.images(out.value()).containsKey("row")) {
            return;
        }
        // the row schema the envelope declares: the value's own schema first (the record's may be another)
        org.apache.kafka.connect.data.Schema envelope = in.value() instanceof Struct st ? st.schema() : in.valueSchema();
        Object declared = envelope == null || envelope.type() != org.apache.kafka.connect.data.Schema.Type.STRUCT
                || envelope.field("after") == null ? null : envelope.field("after").schema();
        for (Object image : images.values()) {
            if (holds(out.value(), image, declared)) {
                return;
            }
        }
        throw new AssertionError("Unwrap: the output row is none of the envelope's images; output "
                + Outcomes.Shape.schema(out.valueSchema(), 2) + " " + Outcomes.Shape.of(out.value(), 2));
    }

    /**
     * Every field of the output row that the image has holds the image's value (a null may have become
     * its default), and every non-null value of the image is in the row, unless the envelope's declared
     * row schema lacks that field (an image of another schema than its envelope declares).
     */
    private static boolean holds(Object row, Object image, Object declared) {
        Map<Object, Object> entries = new java.util.LinkedHashMap<>();
        if (image instanceof Struct s) {
            s.schema().fields().forEach(f -> entries.put(f.name(), Raw.values(s)[f.index()]));
        } else {
            entries.putAll((Map<?, ?>) image);
        }
        for (Map.Entry<Object, Object> e : entries.entrySet()) {
            Object v = e.getValue();
            Object o = Rows.get(row, e.getKey());
            if (o == Rows.ABSENT) {
                boolean undeclared = declared instanceof org.apache.kafka.connect.data.Schema d
                        && d.field(String.valueOf(e.getKey())) == null;
                if (v != null && !undeclared) {
                    return false;
                }
            } else if (!Rows.same(v, o) && v != null) {
                return false;
            }
        }
        return true;
    }

    /** Each name in the changed header is a field of the after image whose value differs from before's. */
    static void changedNamesDiffer(SinkRecord in, SinkRecord out) {
        Header h = out.headers().lastWithName("changed");
        if (out == in || in.headers().lastWithName("changed") != null || h == null || !(h.value() instanceof List<?> names)) {
            return;
        }
        Object before = Rows.get(in.value(), "before");
        Object after = Rows.get(in.value(), "after");
        for (Object n : names) {
            Object a = byName(after, String.valueOf(n));
            Object b = byName(before, String.valueOf(n));
            if (a == Rows.ABSENT && b == Rows.ABSENT) {
                throw new AssertionError("ChangedFields: a changed name is no field of either image");
            }
            if (Rows.same(a, b)) {
                throw new AssertionError("ChangedFields: a field reported changed has the same value in both images");
            }
        }
    }

    /** A field by name; in a schemaless image also a key of another type named so (its text). */
    private static Object byName(Object image, String name) {
        Object v = Rows.get(image, name);
        if (v == Rows.ABSENT && image instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (name.equals(String.valueOf(e.getKey()))) {
                    return e.getValue();
                }
            }
        }
        return v;
    }

    @AfterContainer
    static void report() {
        OUTCOMES.report("UnwrapFuzzTest", Fuzz.MIN_RECORDS);
    }
}
