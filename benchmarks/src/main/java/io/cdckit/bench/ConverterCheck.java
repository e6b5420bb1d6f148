package io.cdckit.bench;

import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Before measuring ({@code run-converters.sh}, a JVM of its own): every implementation of
 * {@link ConverterBenchmark} serializes every data-change event value of the corpus and reads it
 * back; a failure in either direction stops the run. Prints, per implementation, the average
 * serialized size and how many values came back equal to the input (schema and value; only
 * informational: converters may legitimately rename schemas or return schemaless maps). The table
 * step ({@link ResultTable}) uses {@link #averageSizes} for its bytes-a-record column.
 */
public final class ConverterCheck {

    private ConverterCheck() {
    }

    public static void main(String[] args) {
        Corpus corpus = Corpus.load();
        System.out.println(corpus.describe());
        for (Codec.Kind k : Codec.Kind.values()) {
            Codec c = k.create();
            long total = 0;
            int equal = 0;
            for (SinkRecord r : corpus.events) {
                Object p = c.prepare(r.topic(), r.valueSchema(), r.value());
                byte[] b = c.serialize(r.topic(), r.valueSchema(), p);
                total += b.length;
                Object back = c.deserialize(r.topic(), b, p);
                if (back instanceof SchemaAndValue && Objects.equals(((SchemaAndValue) back).value(), r.value())) {
                    equal++;
                }
            }
            c.close();
            System.out.printf("%-13s %7.1f bytes a record; read back equal (schema and value) to the input: %d of %d%n",
                    k.label, (double) total / corpus.events.size(), equal, corpus.events.size());
        }
    }

    /** Average serialized size of the corpus's event values, per implementation (in {@link Codec.Kind} order). */
    public static Map<Codec.Kind, Double> averageSizes(Corpus corpus) {
        Map<Codec.Kind, Double> out = new LinkedHashMap<>();
        for (Codec.Kind k : Codec.Kind.values()) {
            Codec c = k.create();
            long total = 0;
            for (SinkRecord r : corpus.events) {
                total += c.serialize(r.topic(), r.valueSchema(), c.prepare(r.topic(), r.valueSchema(), r.value())).length;
            }
            c.close();
            out.put(k, (double) total / corpus.events.size());
        }
        return out;
    }
}
