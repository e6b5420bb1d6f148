package io.cdckit.examples.fuzz;

import io.cdckit.converters.avro.AvroConverter;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Fuzzes {@link AvroConverter} on a {@code mem://} registry: {@code fromConnectData} then
 * {@code toConnectData} gives back the input value, modulo the representation Avro normalizes: bytes as
 * a ByteBuffer or byte[] alike, maps compared without order, a null in a required field with a default
 * as that default, and text as its UTF-8 bytes read back (an
 * unpaired surrogate, which UTF-8 cannot encode, comes back as '?', as Java's encoder writes it).
 */
class AvroConverterFuzzTest {

    static final Gen GEN = new Gen();
    static final Outcomes OUTCOMES = new Outcomes();
    static final AvroConverter CONVERTER = new AvroConverter();
    static long lossyText;

    static {
        CONVERTER.configure(Map.of("schema.registry.url", "mem://fuzz-avro"), false);
    }

    @Provide
    Arbitrary<List<Gen.Sample>> batches() {
        return Arbitraries.randomValue(r -> GEN.batch(r, Fuzz.BATCH));
    }

    @Property(tries = Fuzz.TRIES, shrinking = ShrinkingMode.OFF)
    void roundTrip(@ForAll("batches") List<Gen.Sample> batch) {
        Outcomes.Plugin p = OUTCOMES.plugin("AvroConverter");
        batch.forEach(s -> p.run(s, sample -> {
            SinkRecord r = sample.record();
            byte[] bytes = CONVERTER.fromConnectData(r.topic(), r.valueSchema(), r.value());
            if (bytes == null) {
                if (r.value() != null) {
                    throw new AssertionError("AvroConverter: a value written as null");
                }
                return Outcomes.Outcome.DROPPED;
            }
            SchemaAndValue back = CONVERTER.toConnectData(r.topic(), bytes);
            if (r.valueSchema() != null && back.schema().type() != r.valueSchema().type()) {
                throw new AssertionError("AvroConverter: read back as " + back.schema().type() + ", written as "
                        + r.valueSchema().type());
            }
            Object written = normal(r.value());
            Object read = normal(back.value());
            if (!Objects.equals(written, read)) {
                String where = "";
                if (written instanceof Map<?, ?> w && read instanceof Map<?, ?> b) {
                    where = " in " + w.keySet().stream().filter(k -> !Objects.equals(w.get(k), b.get(k)))
                            .map(k -> k + " (" + Outcomes.Shape.of(w.get(k), 1) + " -> " + Outcomes.Shape.of(b.get(k), 1)
                                    + ")").toList();
                }
                throw new AssertionError("AvroConverter: the value read back differs from the value written" + where);
            }
            return Outcomes.Outcome.CORRECT;
        }));
        Fuzz.check(p);
    }

    /** The value in a form both sides of a round trip share. */
    static Object normal(Object v) {
        if (v instanceof Struct s) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Field f : s.schema().fields()) {
                Object x = Raw.values(s)[f.index()];
                // a required field's default stands in for null (README: AvroConverter), as Struct.get does
                m.put(f.name(), normal(x == null && !f.schema().isOptional() ? f.schema().defaultValue() : x));
            }
            return m;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> n = new HashMap<>();
            m.forEach((k, x) -> n.put(normal(k), normal(x)));
            return n;
        }
        if (v instanceof List<?> l) {
            List<Object> n = new ArrayList<>(l.size());
            l.forEach(x -> n.add(normal(x)));
            return n;
        }
        if (v instanceof byte[] b) {
            return ByteBuffer.wrap(b);
        }
        if (v instanceof ByteBuffer b) {
            return b.slice();
        }
        if (v instanceof String s) {
            String t = new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            if (!t.equals(s)) {
                lossyText++;
            }
            return t;
        }
        return v;
    }

    @AfterContainer
    static void report() {
        System.out.println("AvroConverter: strings with an unpaired surrogate (normalized by UTF-8): " + lossyText);
        OUTCOMES.report("AvroConverterFuzzTest", Fuzz.MIN_RECORDS);
    }
}
