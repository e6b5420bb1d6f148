package io.cdckit.examples.fuzz;

import io.cdckit.core.cdc.ChangeEventDetector;
import io.cdckit.examples.Keysets;
import io.cdckit.smt.masking.Mask;
import io.cdckit.smt.masking.Unmask;
import io.cdckit.smt.mapping.FieldMapper;
import io.cdckit.smt.time.TimestampNormalizer;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.List;
import java.util.Map;

/**
 * Fuzzes the row transforms, before Unwrap (row scope: both images) and on plain rows:
 * {@link FieldMapper} (drop, rename, cast), {@link TimestampNormalizer} (every temporal field to ISO text)
 * {@link Mask} (email by hmac, name partial, phone by fpe) and {@link Unmask} (email by encrypt, phone
 * by fpe: what Mask enciphered comes back as it was).
 */
class RowTransformsFuzzTest {

    static final String HMAC_KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    static final String FPE_KEY = "2b7e151628aed2a6abf7158809cf4f3c";
    static final Gen GEN = new Gen();
    /**
     * Mask's records have huge strings of 3,000 characters at most: fpe on a 45,000-character value
     * takes about 3 s (FF1 over one long numeral), which would take the suite over its time budget.
     */
    static final Gen MASK_GEN = new Gen(3_000);
    /** fpe.too.short=fail: a value too short for fpe fails at Mask rather than being redacted for good. */
    static final Map<String, String> REVERSIBLE = Map.of("field.modes", "email:encrypt,phone:fpe",
            "encrypt.keyset", Keysets.aes256Siv(), "fpe.key", FPE_KEY, "fpe.too.short", "fail");
    static final ChangeEventDetector DETECTOR = ChangeEventDetector.all(64);
    static final Outcomes OUTCOMES = new Outcomes();

    @Provide
    Arbitrary<List<Gen.Sample>> batches() {
        return Arbitraries.randomValue(r -> GEN.batch(r, Fuzz.BATCH));
    }

    @Property(tries = Fuzz.TRIES, shrinking = ShrinkingMode.OFF)
    void fieldMapper(@ForAll("batches") List<Gen.Sample> batch) {
        FieldMapper.Value<SinkRecord> t = new FieldMapper.Value<>();
        t.configure(Map.of("drop", "phone", "rename", "email:mail", "cast", "tier:int64"));
        run("FieldMapper", t, batch, RowTransformsFuzzTest::mapped);
    }

    @Property(tries = Fuzz.TRIES, shrinking = ShrinkingMode.OFF)
    void timestampNormalizer(@ForAll("batches") List<Gen.Sample> batch) {
        TimestampNormalizer.Value<SinkRecord> t = new TimestampNormalizer.Value<>();
        t.configure(Map.of("date.target.type", "iso"));
        run("TimestampNormalizer", t, batch, RowTransformsFuzzTest::normalized);
    }

    @Provide
    Arbitrary<List<Gen.Sample>> maskBatches() {
        return Arbitraries.randomValue(r -> MASK_GEN.batch(r, Fuzz.BATCH));
    }

    @Property(tries = Fuzz.TRIES, shrinking = ShrinkingMode.OFF)
    void mask(@ForAll("maskBatches") List<Gen.Sample> batch) {
        Mask.Value<SinkRecord> t = new Mask.Value<>();
        t.configure(Map.of("field.modes", "email:hmac,name:partial,phone:fpe", "hmac.key", HMAC_KEY,
                "fpe.key", FPE_KEY, "keep.last", "2"));
        run("Mask", t, batch, RowTransformsFuzzTest::masked);
    }

    /**
     * Unmask on what Mask made of each record (the round trip gives every enciphered column back as
     * it was), or, where Mask refused the record, on the generated record itself (ciphertexts that
     * are not: a DataException naming the field, or plausible fpe values).
     */
    @Property(tries = Fuzz.TRIES, shrinking = ShrinkingMode.OFF)
    void unmask(@ForAll("maskBatches") List<Gen.Sample> batch) {
        Mask.Value<SinkRecord> mask = new Mask.Value<>();
        mask.configure(REVERSIBLE);
        Unmask.Value<SinkRecord> unmask = new Unmask.Value<>();
        unmask.configure(REVERSIBLE);
        Outcomes.Plugin p = OUTCOMES.plugin("Unmask");
        batch.forEach(s -> p.run(s, sample -> {
            SinkRecord in = sample.record();
            SinkRecord masked;
            try {
                masked = mask.apply(in);
            } catch (DataException e) {
                masked = null;
            }
            SinkRecord source = masked == null ? in : masked;
            Outcomes.Check check = masked == null ? (a, b) -> { } : (a, b) -> unmasked(in, b);
            return Outcomes.transform(unmask, false, check).run(new Gen.Sample(source, sample.kind(), sample.valid()));
        }));
        Fuzz.check(p);
        mask.close();
        unmask.close();
    }

    private static void run(String name, org.apache.kafka.connect.transforms.Transformation<SinkRecord> t,
                            List<Gen.Sample> batch, Outcomes.Check check) {
        Outcomes.Plugin p = OUTCOMES.plugin(name);
        Outcomes.Attempt a = Outcomes.transform(t, false, check);
        batch.forEach(s -> p.run(s, a));
        Fuzz.check(p);
        t.close();
    }

    /** phone is gone and email is mail, with its value, in every image. */
    static void mapped(SinkRecord in, SinkRecord out) {
        if (out == in) {
            return;
        }
        Map<String, Object> before = Rows.images(in.value());
        Rows.images(out.value()).forEach((image, row) -> {
            Object was = before.get(image);
            if (Rows.get(row, "phone") != Rows.ABSENT) {
                throw new AssertionError("FieldMapper: a dropped field is still in the " + image + " row");
            }
            Object email = Rows.get(was, "email");
            if (email != Rows.ABSENT && email != null && !Rows.same(email, Rows.get(row, "mail"))) {
                throw new AssertionError("FieldMapper: the renamed field lost its value in the " + image + " row");
            }
        });
    }

    /** Every MicroTimestamp field of an image is ISO text (a ZonedTimestamp) in the output. */
    static void normalized(SinkRecord in, SinkRecord out) {
        if (out == in) {
            return;
        }
        Map<String, Object> before = Rows.images(in.value());
        Rows.images(out.value()).forEach((image, row) -> {
            if (before.get(image) instanceof Struct was && row instanceof Struct now) {
                for (Field f : was.schema().fields()) {
                    Field g = now.schema().field(f.name());
                    if ("io.debezium.time.MicroTimestamp".equals(f.schema().name()) && g != null
                            && !(g.schema().type() == Schema.Type.STRING
                                 && "io.debezium.time.ZonedTimestamp".equals(g.schema().name()))) {
                        throw new AssertionError("TimestampNormalizer: a MicroTimestamp field is not ISO text in the "
                                + image + " row but " + g.schema().type() + " " + g.schema().name());
                    }
                }
            }
        });
    }

    /** No masked column of any image still holds its generated text, even on a pass-through. */
    static void masked(SinkRecord in, SinkRecord out) {
        Object v = in.value();
        if (in.valueSchema() != null && !(v instanceof Struct st && st.schema().equals(in.valueSchema()))) {
            return; // a value that is not of its record's schema: Mask reads the schema
        }
        Map<String, Object> before = Rows.images(v);
        if (!before.containsKey("row")) {
            io.cdckit.core.cdc.ChangeEvent event = DETECTOR.detect(in.valueSchema(), v);
            if (event == null) {
                return; // a broken envelope is no change event: its images are not rows Mask addresses
            }
            if (out == in && !List.of("c", "r", "u", "d").contains(String.valueOf(event.opCode()))) {
                return; // no data change (a truncate, a message, an unknown op code): passed through as documented
            }
        }
        Rows.images(out.value()).forEach((image, row) -> {
            for (String column : List.of("email", "name", "phone")) {
                Object was = Rows.get(before.get(image), column);
                Object now = Rows.get(row, column);
                if (Rows.marked(was) && now instanceof String s && s.contains(Gen.MARK)) {
                    throw new AssertionError("Mask: " + column + " of the " + image + " row still shows its value"
                            + (out == in ? " (record passed through)" : ""));
                }
            }
        });
    }

    /** Every text of email and phone in every image of {@code original} is back in {@code out}. */
    static void unmasked(SinkRecord original, SinkRecord out) {
        Map<String, Object> before = Rows.images(original.value());
        Rows.images(out.value()).forEach((image, row) -> {
            for (String column : List.of("email", "phone")) {
                Object was = Rows.get(before.get(image), column);
                if (was instanceof String && !Rows.same(was, Rows.get(row, column))) {
                    throw new AssertionError("Unmask: " + column + " of the " + image + " row is not what Mask was given");
                }
            }
        });
    }

    @AfterContainer
    static void report() {
        OUTCOMES.report("RowTransformsFuzzTest", Fuzz.MIN_RECORDS);
    }
}
