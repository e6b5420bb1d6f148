package io.cdckit.examples.fuzz;

import io.cdckit.smt.enrich.Lookup;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes {@link Lookup} with a file source: a CSV of tiers by id, looked up by each row's {@code id}.
 * (jqwik has no {@code @TempDir}: the file is written to a temporary directory before the container
 * and deleted after it.)
 */
class LookupFuzzTest {

    static final Map<Integer, String> TIERS = Map.of(1, "gold", 2, "silver", 3, "bronze", Gen.MARK_INT, "marked");
    static final Gen GEN = new Gen();
    static final Outcomes OUTCOMES = new Outcomes();
    static Path dir;
    static Lookup.Value<SinkRecord> lookup;

    @BeforeContainer
    static void writeFile() throws IOException {
        dir = Files.createTempDirectory("lookup-fuzz");
        StringBuilder csv = new StringBuilder("id,tier_name\n");
        TIERS.forEach((id, tier) -> csv.append(id).append(',').append(tier).append('\n'));
        Path file = Files.writeString(dir.resolve("tiers.csv"), csv, StandardCharsets.UTF_8);
        lookup = new Lookup.Value<>();
        lookup.configure(Map.of("source", "file", "key.fields", "id", "file.path", file.toString(),
                "file.key.columns", "id", "stats.interval.ms", "0"));
    }

    @Provide
    Arbitrary<List<Gen.Sample>> batches() {
        return Arbitraries.randomValue(r -> GEN.batch(r, Fuzz.BATCH));
    }

    @Property(tries = Fuzz.TRIES, shrinking = ShrinkingMode.OFF)
    void lookupFile(@ForAll("batches") List<Gen.Sample> batch) {
        Outcomes.Plugin p = OUTCOMES.plugin("Lookup(file)");
        Outcomes.Attempt a = Outcomes.transform(lookup, false, LookupFuzzTest::enriched);
        batch.forEach(s -> p.run(s, a));
        Fuzz.check(p);
    }

    /** A row whose id the file has gets that id's tier in its lookup field. */
    static void enriched(SinkRecord in, SinkRecord out) {
        if (out == in) {
            return;
        }
        Map<String, Object> before = Rows.images(in.value());
        Rows.images(out.value()).forEach((image, row) -> {
            if (Rows.get(before.get(image), "id") instanceof Integer id && TIERS.containsKey(id)) {
                Object found = Rows.get(row, "lookup");
                if (found == Rows.ABSENT || !TIERS.get(id).equals(Rows.get(found, "tier_name"))) {
                    throw new AssertionError("Lookup: the " + image + " row of a known id has not its tier");
                }
            }
        });
    }

    @AfterContainer
    static void report() throws IOException {
        lookup.close();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
        OUTCOMES.report("LookupFuzzTest", Fuzz.MIN_RECORDS);
    }
}
