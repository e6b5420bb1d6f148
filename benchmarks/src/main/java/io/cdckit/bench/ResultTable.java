/*
 * Over 400 lines because it is the one place that turns JMH's JSON into the README's tables, for
 * every benchmark class: the rows against a Kafka chain or a Debezium peer, the bare-floor tables
 * (a bare Mac, a cipher alone, a hand-written Java test) and the converter table share one reading
 * of the results, one number format and one statement of each target, so that no table can drift
 * from the others.
 */
package io.cdckit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Prints the Markdown comparison table from a JMH JSON result file ({@code -rf json}): per
 * scenario, time and allocation of cdckit and Debezium, the speed-up (Debezium time / cdckit time)
 * and the allocation ratio (cdckit bytes / Debezium bytes), then the harness floor and the issue's
 * targets. For {@link MappingBenchmark} results, a table of its own, per scenario: time and
 * allocation of FieldMapper and of the Kafka chain ReplaceField + Cast, the speed-up (Kafka time /
 * cdckit time) and the allocation ratio (cdckit bytes / Kafka bytes), the harness floor and the
 * issue's targets. For {@link TimestampBenchmark} results, the same for TimestampNormalizer against
 * the chain of Kafka TimestampConverters it replaces. For {@link MaskBenchmark} results, the same
 * for Mask's redaction against Kafka's MaskField, then three small tables: Mask's {@code hmac} against
 * the bare JDK Mac (the ratio Mask / bare), Mask's {@code fpe} per record and per field against
 * its cipher alone, and Mask's content detection ({@code detect}) the same way against its scanner
 * alone. For {@link RoutingBenchmark} results, the same for OperationRouter against Debezium's
 * ContentBasedRouter with the equivalent Groovy expression; for {@link OutboxBenchmark} results,
 * OutboxRouter against Debezium's outbox EventRouter. For {@link ExpressionBenchmark} results,
 * ExpressionFilter against Debezium's Filter and ExpressionRouter against its ContentBasedRouter
 * (same Groovy text), then ExpressionFilter against the hand-written Java test (the ratio cdckit /
 * Java). For
 * {@link ConverterBenchmark} results, per
 * direction: time and allocation of every converter, the ratios Apicurio / cdckit and cdckit / raw
 * Avro against the targets, and the serialized size a record (computed here,
 * {@link ConverterCheck#averageSizes}, on the corpus named by {@code -Dcdckit.bench.corpus}).
 *
 * <p>Usage: {@code ResultTable <jmh-result.json>} (the tables of the benchmarks the file has results of)
 */
public final class ResultTable {

    /** Speed-up targets from the issue (Debezium time / cdckit time), per scenario. */
    private static final Map<Scenario, Double> SPEEDUP_TARGET = Map.of(
            Scenario.DEFAULT, 3.0, Scenario.REWRITE_ADDFIELDS, 4.0);
    /** Allocation target: at most this fraction of Debezium's bytes per record. */
    private static final double ALLOCATION_TARGET = 0.5;

    private ResultTable() {
    }

    /** One JMH result: score and error (ns/op) and the normalized allocation (B/op, NaN if not profiled). */
    static final class Result {
        double ns;
        double nsError;
        double bytes = Double.NaN;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ResultTable <jmh-result.json>");
            System.exit(2);
        }
        Path file = Paths.get(args[0]);
        JsonNode root = new ObjectMapper().readTree(Files.readString(file));
        Map<Scenario, Map<Impl, Result>> results = read(root, UnwrapBenchmark.class, Scenario.class,
                Scenario::ofMethod, Impl.class, Impl::of);
        Map<MappingScenario, Map<MappingImpl, Result>> mappings = read(root, MappingBenchmark.class,
                MappingScenario.class, MappingScenario::ofMethod, MappingImpl.class, MappingImpl::of);
        Map<TimestampScenario, Map<TimestampImpl, Result>> timestamps = read(root, TimestampBenchmark.class,
                TimestampScenario.class, TimestampScenario::ofMethod, TimestampImpl.class, TimestampImpl::of);
        Map<MaskScenario, Map<MaskImpl, Result>> masks = read(root, MaskBenchmark.class, MaskScenario.class,
                MaskScenario::ofMethod, MaskImpl.class, MaskImpl::of);
        Map<RoutingScenario, Map<RoutingImpl, Result>> routings = read(root, RoutingBenchmark.class,
                RoutingScenario.class, RoutingScenario::ofMethod, RoutingImpl.class, RoutingImpl::of);
        Map<OutboxScenario, Map<Impl, Result>> outbox = read(root, OutboxBenchmark.class, OutboxScenario.class,
                OutboxScenario::ofMethod, Impl.class, Impl::of);
        Map<ExpressionScenario, Map<ExpressionImpl, Result>> expressions = read(root, ExpressionBenchmark.class,
                ExpressionScenario.class, ExpressionScenario::ofMethod, ExpressionImpl.class, ExpressionImpl::of);
        Map<LookupScenario, Map<LookupImpl, Result>> lookups = read(root, LookupBenchmark.class, LookupScenario.class,
                LookupScenario::ofMethod, LookupImpl.class, LookupImpl::of);
        Map<MongoScenario, Map<Impl, Result>> mongo = read(root, MongoUnwrapBenchmark.class, MongoScenario.class,
                MongoScenario::ofMethod, Impl.class, Impl::of);
        Map<String, Map<Codec.Kind, Result>> converters = readConverters(root);
        List<String> tables = new ArrayList<>();
        if (!results.isEmpty() || (mappings.isEmpty() && timestamps.isEmpty() && masks.isEmpty()
                && routings.isEmpty() && outbox.isEmpty() && expressions.isEmpty() && lookups.isEmpty()
                && converters.isEmpty() && mongo.isEmpty())) {
            tables.add(render(results));
        }
        if (!mappings.isEmpty()) {
            tables.add(renderMappings(mappings));
        }
        if (!timestamps.isEmpty()) {
            tables.add(renderTimestamps(timestamps));
        }
        if (!masks.isEmpty()) {
            tables.add(renderMasks(masks));
        }
        if (!routings.isEmpty()) {
            tables.add(renderRoutings(routings));
        }
        if (!outbox.isEmpty()) {
            tables.add(renderOutbox(outbox));
        }
        if (!mongo.isEmpty()) {
            tables.add(renderMongo(mongo));
        }
        if (!expressions.isEmpty()) {
            tables.add(renderExpressions(expressions));
        }
        if (!lookups.isEmpty()) {
            tables.add(renderLookups(lookups));
        }
        if (!converters.isEmpty()) {
            tables.add(renderConverters(converters, ConverterCheck.averageSizes(Corpus.load())));
        }
        System.out.print(String.join("\n", tables));
    }

    // ---------------------------------------------------------------- MappingBenchmark

    /** Speed-up target from the issue (Kafka chain time / FieldMapper time), every scenario. */
    private static final double MAPPING_SPEEDUP_TARGET = 3.0;
    /** Allocation target from the issue: less than the Kafka chain (cdckit bytes / Kafka bytes below 1). */
    private static final double MAPPING_ALLOCATION_TARGET = 1.0;

    static String renderMappings(Map<MappingScenario, Map<MappingImpl, Result>> results) {
        List<Compared> rows = compared(MappingScenario.values(), results, s -> s.label, s -> s.description,
                MappingImpl.BASELINE, MappingImpl.CDCKIT, MappingImpl.KAFKA);
        return renderAgainst("Kafka", "FieldMapper vs the Kafka chain", rows, "cdckit is FieldMapper$Value, Kafka is "
                + "ReplaceField$Value then Cast$Value (reshape: ReplaceField$Value, InsertField$Value, Flatten$Value)",
                MAPPING_SPEEDUP_TARGET, MAPPING_ALLOCATION_TARGET);
    }

    // ---------------------------------------------------------------- TimestampBenchmark

    /** Speed-up target from the issue (TimestampConverter chain time / TimestampNormalizer time). */
    private static final double TIMESTAMP_SPEEDUP_TARGET = 3.0;
    /** Allocation target, as for the mappings: less than the chain (cdckit bytes / Kafka bytes below 1). */
    private static final double TIMESTAMP_ALLOCATION_TARGET = 1.0;

    static String renderTimestamps(Map<TimestampScenario, Map<TimestampImpl, Result>> results) {
        List<Compared> rows = compared(TimestampScenario.values(), results, s -> s.label, TimestampScenario::description,
                TimestampImpl.BASELINE, TimestampImpl.CDCKIT, TimestampImpl.KAFKA);
        return renderAgainst("Kafka", "TimestampNormalizer vs TimestampConverter per column", rows, "cdckit is one "
                + "TimestampNormalizer$Value, Kafka is " + TimestampScenario.columns().size()
                + " TimestampConverter$Value, one per column, chained", TIMESTAMP_SPEEDUP_TARGET,
                TIMESTAMP_ALLOCATION_TARGET);
    }

    // ---------------------------------------------------------------- RoutingBenchmark

    /** Throughput target from the issue (ContentBasedRouter time / OperationRouter time): at least 50x. */
    private static final double ROUTING_SPEEDUP_TARGET = 50.0;
    /** Allocation target, as for the others: less than the peer (cdckit bytes / Debezium bytes below 1). */
    private static final double ROUTING_ALLOCATION_TARGET = 1.0;

    static String renderRoutings(Map<RoutingScenario, Map<RoutingImpl, Result>> results) {
        List<Compared> rows = compared(RoutingScenario.values(), results, s -> s.label, s -> s.description,
                RoutingImpl.BASELINE, RoutingImpl.CDCKIT, RoutingImpl.DEBEZIUM);
        return renderAgainst("Debezium", "OperationRouter vs ContentBasedRouter", rows, "cdckit is "
                + "OperationRouter with the scenario's topic templates, Debezium is ContentBasedRouter "
                + "(debezium-scripting 3.5.0.Final, language=jsr223.groovy, Groovy 4.0.28) with the Groovy "
                + "topic.expression giving the same topics, on the corpus's data-change events",
                ROUTING_SPEEDUP_TARGET, ROUTING_ALLOCATION_TARGET);
    }

    // ---------------------------------------------------------------- OutboxBenchmark

    /** Throughput target from the issue (EventRouter time / OutboxRouter time): at least 3x. */
    private static final double OUTBOX_SPEEDUP_TARGET = 3.0;
    /** Allocation target, as for the others: less than the peer. */
    private static final double OUTBOX_ALLOCATION_TARGET = 1.0;

    static String renderOutbox(Map<OutboxScenario, Map<Impl, Result>> results) {
        List<Compared> rows = compared(OutboxScenario.values(), results, s -> s.label, s -> s.description,
                Impl.BASELINE, Impl.CDCKIT, Impl.DEBEZIUM);
        return renderAgainst("Debezium", "OutboxRouter vs Debezium's EventRouter", rows, "cdckit is OutboxRouter, "
                + "Debezium is io.debezium.transforms.outbox.EventRouter, on " + OutboxScenario.EVENTS
                + " outbox inserts (source records)", OUTBOX_SPEEDUP_TARGET, OUTBOX_ALLOCATION_TARGET);
    }

    // ---------------------------------------------------------------- MongoUnwrapBenchmark

    /** Throughput target from the issue (ExtractNewDocumentState time / Unwrap time): at least 3x. */
    private static final double MONGO_SPEEDUP_TARGET = 3.0;

    static String renderMongo(Map<MongoScenario, Map<Impl, Result>> results) {
        List<Compared> rows = compared(MongoScenario.values(), results, s -> s.label, s -> s.description,
                Impl.BASELINE, Impl.CDCKIT, Impl.DEBEZIUM);
        return renderAgainst("Debezium", "Unwrap vs Debezium's ExtractNewDocumentState (MongoDB)", rows,
                "cdckit is Unwrap, Debezium is io.debezium.connector.mongodb.transforms.ExtractNewDocumentState "
                + "3.6.1, on " + MongoUnwrapBenchmark.EVENTS + " MongoDB events (60% inserts, 30% updates with an "
                + "updateDescription, 10% deletes)", MONGO_SPEEDUP_TARGET, OUTBOX_ALLOCATION_TARGET);
    }

    // ---------------------------------------------------------------- ExpressionBenchmark

    /** Throughput target from the issue (Debezium's Filter or ContentBasedRouter time / cdckit time): at least 10x. */
    private static final double EXPRESSION_SPEEDUP_TARGET = 10.0;
    /** Target from the issue: ExpressionFilter within this many times the hand-written Java test's time. */
    private static final double EXPRESSION_JAVA_TARGET = 3.0;

    static String renderExpressions(Map<ExpressionScenario, Map<ExpressionImpl, Result>> results) {
        List<ExpressionScenario> filters = new ArrayList<>();
        List<ExpressionScenario> routers = new ArrayList<>();
        for (ExpressionScenario s : ExpressionScenario.values()) {
            (s.filter ? filters : routers).add(s);
        }
        String common = " (debezium-scripting 3.5.0.Final, language=jsr223.groovy, Groovy 4.0.28), the same Groovy "
                + "text and null.handling.mode=keep given to both, on the corpus's data-change events; the issue "
                + "gives no allocation target";
        List<String> parts = new ArrayList<>();
        // no baseline impl: the filters' floor is the Java test, in the table below
        parts.add(renderAgainst("Debezium", "ExpressionFilter vs Debezium's Filter", compared(
                filters.toArray(new ExpressionScenario[0]), results, s -> s.label, s -> "`" + s.expression + "`",
                null, ExpressionImpl.CDCKIT, ExpressionImpl.DEBEZIUM), "cdckit is ExpressionFilter, Debezium is "
                + "io.debezium.transforms.Filter" + common, EXPRESSION_SPEEDUP_TARGET, Double.NaN));
        parts.add(renderAgainst("Debezium", "ExpressionRouter vs ContentBasedRouter", compared(
                routers.toArray(new ExpressionScenario[0]), results, s -> s.label, s -> "`" + s.expression + "`",
                null, ExpressionImpl.CDCKIT, ExpressionImpl.DEBEZIUM), "cdckit is ExpressionRouter, Debezium is "
                + "io.debezium.transforms.ContentBasedRouter" + common, EXPRESSION_SPEEDUP_TARGET, Double.NaN));
        parts.add(renderExpressionFloor(filters, results));
        return String.join("\n", parts);
    }

    /** ExpressionFilter against the hand-written Java test of the same condition: the ratio cdckit / Java. */
    private static String renderExpressionFloor(List<ExpressionScenario> filters,
                                                Map<ExpressionScenario, Map<ExpressionImpl, Result>> results) {
        StringBuilder b = new StringBuilder();
        b.append("| ExpressionFilter vs plain Java | cdckit ns/op | Java ns/op | cdckit / Java | cdckit B/op "
                + "| Java B/op |\n");
        b.append("|---|---:|---:|---:|---:|---:|\n");
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (ExpressionScenario s : filters) {
            Map<ExpressionImpl, Result> m = results.getOrDefault(s, Map.of());
            Result ours = m.get(ExpressionImpl.CDCKIT);
            Result java = m.get(ExpressionImpl.JAVA);
            if (ours == null && java == null) {
                continue;
            }
            double ratio = ratio(ours, java);
            ratios.put(s.label, ratio);
            b.append("| ").append(s.label).append(" (`").append(s.expression).append("`) | ").append(time(ours))
                    .append(" | ").append(time(java)).append(" | ")
                    .append(Double.isNaN(ratio) ? "n/a" : fmt("%.2fx", ratio)).append(" | ").append(bytes(ours))
                    .append(" | ").append(bytes(java)).append(" |\n");
        }
        b.append("\ncdckit / Java = cdckit ns/op / Java ns/op (lower is better; 1 would be an expression as fast as "
                + "the same test compiled as Java); per record, +- is JMH's 99.9% error. cdckit is ExpressionFilter "
                + "with the condition; Java is a Predicate written by hand for the same test, reading the envelope "
                + "Struct with Struct.get(name) and getStruct(name), the record kept or dropped by it in a "
                + "Transformation: no expression, sandbox or bindings. Both keep the same records.\n\n");
        ratios.forEach((label, r) -> b.append("- ").append(label).append(": ").append(Double.isNaN(r)
                ? "cdckit / Java n/a" : fmt("cdckit / Java %.2fx (target <= %sx: %s)", r,
                number(EXPRESSION_JAVA_TARGET), r <= EXPRESSION_JAVA_TARGET ? "met" : "MISSED")).append('\n'));
        return b.toString();
    }

    // ---------------------------------------------------------------- LookupBenchmark

    /** Target from the issue: a cache hit costs at most this many times Unwrap on the same record. */
    private static final double LOOKUP_HIT_TARGET = 2.0;

    static String renderLookups(Map<LookupScenario, Map<LookupImpl, Result>> results) {
        StringBuilder b = new StringBuilder();
        b.append("| Lookup (jdbc, PostgreSQL) | Lookup ns/op | reference ns/op | ratio | Lookup B/op | reference B/op "
                + "|\n|---|---:|---:|---:|---:|---:|\n");
        StringBuilder notes = new StringBuilder();
        for (LookupScenario s : LookupScenario.values()) {
            Map<LookupImpl, Result> m = results.getOrDefault(s, Map.of());
            Result ours = m.get(LookupImpl.CDCKIT);
            Result ref = m.get(LookupImpl.REFERENCE);
            boolean hit = s == LookupScenario.HIT;
            double ratio = ours == null || ref == null ? Double.NaN : hit ? ours.ns / ref.ns : ref.ns / ours.ns;
            b.append("| ").append(s.label).append(" (").append(s.description).append(") | ").append(time(ours))
                    .append(" | ").append(time(ref)).append(" | ")
                    .append(Double.isNaN(ratio) ? "n/a" : fmt(hit ? "%.2f" : "%.1fx", ratio))
                    .append(" | ").append(bytes(ours)).append(" | ").append(bytes(ref)).append(" |\n");
            if (!Double.isNaN(ratio)) {
                notes.append(hit ? fmt("cache hit: Lookup / Unwrap = %.2f (target <= %s: %s)", ratio,
                        number(LOOKUP_HIT_TARGET), ratio <= LOOKUP_HIT_TARGET ? "met" : "MISSED")
                        : fmt("; miss: a connection per record / Lookup = %.1fx (no target; reported)", ratio));
            }
        }
        b.append("\nratio: on a cache hit Lookup ns/op / Unwrap ns/op (lower is better), on a miss naive ns/op / "
                + "Lookup ns/op (higher is better); ns/op and B/op are per record, +- is JMH's 99.9% error.\n");
        if (notes.length() > 0) {
            b.append(notes).append(".\n");
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- MaskBenchmark

    /** Speed-up target from the issue (MaskField time / Mask time, redact): at least 1.5x (3x is within reach). */
    private static final double MASK_SPEEDUP_TARGET = 1.5;
    /** Allocation target, as for the mappings: less than Kafka (cdckit bytes / Kafka bytes below 1). */
    private static final double MASK_ALLOCATION_TARGET = 1.0;
    /** Target from the issue: Mask's hmac within this many times the bare JDK Mac's time. */
    private static final double HMAC_RATIO_TARGET = 1.5;

    static String renderMasks(Map<MaskScenario, Map<MaskImpl, Result>> results) {
        List<String> parts = new ArrayList<>();
        Map<MaskImpl, Result> redact = results.get(MaskScenario.REDACT);
        if (redact != null) {
            MaskScenario s = MaskScenario.REDACT;
            parts.add(renderAgainst("Kafka", "Mask vs MaskField", List.of(new Compared(s.label, s.label + " ("
                    + s.description + ")", redact.get(MaskImpl.BASELINE), redact.get(MaskImpl.CDCKIT),
                    redact.get(MaskImpl.KAFKA))), "cdckit is Mask$Value (mode=redact, replacement=***, "
                    + "mark.schema=false), Kafka is MaskField$Value (fields=email,name,phone, replacement=***), on the "
                    + "unwrapped shop.customers rows (a null phone stays null in both: 3 columns replaced on 3 of the 7 "
                    + "rows, 2 on the others); the issue's target is >= 1.5x, 3x within reach",
                    MASK_SPEEDUP_TARGET, MASK_ALLOCATION_TARGET)
                    + copyFloor(redact.get(MaskImpl.COPY), redact.get(MaskImpl.CDCKIT), redact.get(MaskImpl.KAFKA)));
        }
        Map<MaskImpl, Result> hmac = results.get(MaskScenario.HMAC);
        if (hmac != null) {
            parts.add(renderHmac(hmac));
        }
        if (results.containsKey(MaskScenario.FPE) || results.containsKey(MaskScenario.FPE_LUHN)) {
            parts.add(renderFpe(results));
        }
        Map<MaskImpl, Result> detect = results.get(MaskScenario.DETECT);
        if (detect != null) {
            parts.add(renderDetect(detect));
        }
        return String.join("\n", parts);
    }

    /**
     * The record floor of the redaction ({@link MaskImpl#COPY}): what both pay for the output record,
     * each one's time beyond it, and the speed-up that would be left if cdckit's row work were free.
     */
    private static String copyFloor(Result copy, Result ours, Result theirs) {
        if (copy == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(fmt("- record floor (impl=copy: newRecord with the same value, headers "
                + "duplicated, the row untouched): %s ns/op, %s B/op", time(copy), bytes(copy)));
        if (ours != null && theirs != null) {
            b.append(fmt("; beyond it cdckit %.1f ns, Kafka %.1f ns (Kafka / cdckit on the row work alone %.2fx); "
                    + "the speed-up cannot exceed Kafka / copy = %.2fx", ours.ns - copy.ns, theirs.ns - copy.ns,
                    (theirs.ns - copy.ns) / (ours.ns - copy.ns), theirs.ns / copy.ns));
        }
        return b.append('\n').toString();
    }

    private static String renderHmac(Map<MaskImpl, Result> m) {
        MaskScenario s = MaskScenario.HMAC;
        Result ours = m.get(MaskImpl.CDCKIT);
        Result bare = m.get(MaskImpl.JDK);
        double ratio = ratio(ours, bare);
        StringBuilder b = new StringBuilder();
        b.append("| Mask hmac vs a bare JDK Mac | cdckit ns/op | bare Mac ns/op | cdckit / bare | cdckit B/op "
                + "| bare Mac B/op |\n");
        b.append("|---|---:|---:|---:|---:|---:|\n");
        b.append("| ").append(s.label).append(" (").append(s.description).append(") | ").append(time(ours))
                .append(" | ").append(time(bare)).append(" | ")
                .append(Double.isNaN(ratio) ? "n/a" : fmt("%.2fx", ratio)).append(" | ").append(bytes(ours))
                .append(" | ").append(bytes(bare)).append(" |\n\n");
        b.append("cdckit / bare = cdckit ns/op / bare Mac ns/op (lower is better; 1 would be the crypto and the "
                + "encoding alone); per record, one field each, +- is JMH's 99.9% error. cdckit is Mask$Value "
                + "(fields=email, mode=hmac, hmac.output=hex) on the record: the plan lookup, a new row Struct and "
                + "record, the UTF-8 bytes, HMAC-SHA256 (its Mac from a ThreadLocal), k1: and the hex digits. The "
                + "bare Mac is the same field read from the same row, its UTF-8 bytes, Mac.doFinal (a Mac "
                + "initialized once per thread) and the same text, k1: and HexFormat's hex digits, returned as it "
                + "is: no record, no Struct, no plan.\n\n");
        b.append("- ").append(s.label).append(": ").append(Double.isNaN(ratio) ? "cdckit / bare n/a"
                : fmt("cdckit / bare %.2fx (target <= %s: %s)", ratio, number(HMAC_RATIO_TARGET) + "x",
                ratio <= HMAC_RATIO_TARGET ? "met" : "MISSED")).append('\n');
        return b.toString();
    }

    private static String renderFpe(Map<MaskScenario, Map<MaskImpl, Result>> results) {
        StringBuilder b = new StringBuilder();
        b.append("| Mask fpe | cdckit ns/record | fields/record | cdckit ns/field | cipher alone ns/field "
                + "| cdckit - cipher ns | FF1 calls/field | cdckit B/record | cipher B/field |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        double steps = MaskScenario.walkSteps(MaskScenario.cipher(), MaskScenario.cards(MaskScenario.CARD_ROWS));
        for (MaskScenario s : new MaskScenario[]{MaskScenario.FPE, MaskScenario.FPE_LUHN}) {
            Map<MaskImpl, Result> m = results.get(s);
            if (m == null) {
                continue;
            }
            Result ours = m.get(MaskImpl.CDCKIT);
            Result cipher = m.get(MaskImpl.CIPHER);
            int fields = s.fields.size();
            b.append("| ").append(s.label).append(" (").append(s.description).append(") | ").append(time(ours))
                    .append(" | ").append(fields)
                    .append(" | ").append(ours == null ? "n/a" : fmt("%.1f", ours.ns / fields))
                    .append(" | ").append(time(cipher))
                    .append(" | ").append(ours == null || cipher == null ? "n/a"
                            : fmt("%.1f", ours.ns - cipher.ns * fields))
                    .append(" | ").append(s.luhn() ? fmt("%.2f", steps) : "1")
                    .append(" | ").append(bytes(ours))
                    .append(" | ").append(bytes(cipher)).append(" |\n");
        }
        b.append("\ncdckit is Mask$Value (mode=fpe, fpe.key of AES-128, alphabet=digits, keep.last=4) on the record: "
                + "ns/field = ns/record / the fields masked per record. cipher alone is FormatPreservingCipher.encrypt"
                + "(card, 4, luhn), the cipher Mask builds from the same configuration, on the same field, no record. "
                + "cdckit - cipher is the record's share (plan lookup, new row Struct and record). The cards are "
                + "synthetic (the corpus has none): " + MaskScenario.CARD_ROWS + " distinct Luhn-valid 16-digit "
                + "numbers, one a row; 12 digits are enciphered, the last 4 kept. With fpe.luhn=true the cipher "
                + "enciphers again until the number is Luhn-valid: FF1 calls/field is the mean over these cards "
                + "(about 10 expected); there the record's share is smaller than the difference between two compilations of "
                + "the cipher (its allocation alone differs by a few KB between forks, escape analysis in Bouncy "
                + "Castle's FF1), so cdckit - cipher may come out negative. Per record, +- is JMH's 99.9% error.\n");
        return b.toString();
    }

    private static String renderDetect(Map<MaskImpl, Result> m) {
        MaskScenario s = MaskScenario.DETECT;
        Result ours = m.get(MaskImpl.CDCKIT);
        Result scanner = m.get(MaskImpl.SCANNER);
        int fields = s.fields.size();
        StringBuilder b = new StringBuilder();
        b.append("| Mask detect | cdckit ns/record | fields/record | cdckit ns/field | scanner alone ns/field "
                + "| cdckit - scanner ns | cdckit B/record | scanner B/field |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        b.append("| ").append(s.label).append(" (").append(s.description).append(") | ").append(time(ours))
                .append(" | ").append(fields)
                .append(" | ").append(ours == null ? "n/a" : fmt("%.1f", ours.ns / fields))
                .append(" | ").append(time(scanner))
                .append(" | ").append(ours == null || scanner == null ? "n/a"
                        : fmt("%.1f", ours.ns - scanner.ns * fields))
                .append(" | ").append(bytes(ours))
                .append(" | ").append(bytes(scanner)).append(" |\n");
        b.append("\ncdckit is Mask$Value (detect=email,phone,card, detect.fields=note, detect.mode=redact, no "
                + "detect.phone.region) on the record: ns/field = ns/record / the fields scanned per record. scanner "
                + "alone is ContentScanner.of({email, phone, card}, null).replace(note, (m, d) -> \"*\".repeat(m"
                + ".length())), the scanner Mask builds from the same configuration, on the same field, no record. "
                + "cdckit - scanner is the record's share (plan lookup, new row Struct and record). The notes are "
                + "synthetic (the corpus has no free text): " + MaskScenario.NOTE_ROWS + " distinct texts of 121 to "
                + "140 characters (126 on average), one a row; two of every three hold one e-mail address, one phone "
                + "number with its "
                + "+country code and one Luhn-valid 16-digit card number in groups of four, the third only words "
                + "(the scanner's first pass finds nothing to run a detector on). Per record, +- is JMH's 99.9% "
                + "error.\n");
        return b.toString();
    }

    // ---------------------------------------------------------------- against a Kafka chain

    /** One scenario's results: the harness floor, cdckit's and the peer's (each may be missing). */
    private record Compared(String label, String description, Result baseline, Result ours, Result theirs) {
    }

    /** The rows of every scenario: label, "label (description)", and the three implementations' results. */
    private static <S, I> List<Compared> compared(S[] scenarios, Map<S, Map<I, Result>> results,
                                                  Function<S, String> label, Function<S, String> description,
                                                  I baseline, I ours, I theirs) {
        List<Compared> rows = new ArrayList<>();
        for (S s : scenarios) {
            Map<I, Result> m = results.getOrDefault(s, Map.of());
            rows.add(new Compared(label.apply(s), label.apply(s) + " (" + description.apply(s) + ")", m.get(baseline),
                    m.get(ours), m.get(theirs)));
        }
        return rows;
    }

    /**
     * The table of cdckit against a peer (a chain of Kafka's transforms, Debezium's router), with its
     * legend, floor and targets (NaN: none).
     */
    private static String renderAgainst(String peer, String heading, List<Compared> scenarios, String legend,
                                        double speedupTarget, double allocationTarget) {
        StringBuilder b = new StringBuilder();
        b.append("| ").append(heading).append(" | cdckit ns/op | ").append(peer).append(" ns/op | speed-up | cdckit B/op "
                + "| ").append(peer).append(" B/op | allocation ratio |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|\n");
        Map<String, double[]> ratios = new LinkedHashMap<>();
        StringBuilder floor = new StringBuilder();
        for (Compared s : scenarios) {
            if (s.baseline() != null) {
                floor.append(floor.length() == 0 ? "" : "; ").append(s.label()).append(' ')
                        .append(fmt("%.1f ns/op, %s B/op", s.baseline().ns, bytes(s.baseline())));
            }
            if (s.ours() != null || s.theirs() != null) {
                ratios.put(s.label(), comparisonRow(b, s.description(), s.ours(), s.theirs()));
            }
        }
        b.append('\n');
        b.append("speed-up = ").append(peer).append(" ns/op / cdckit ns/op (higher is better); allocation ratio = "
                + "cdckit B/op / ").append(peer).append(" B/op (lower is better); ").append(legend).append("; ns/op and B/op are per record, +- is "
                + "JMH's 99.9% error.\n");
        if (floor.length() > 0) {
            b.append("harness floor (impl=baseline, returns its input): ").append(floor).append(".\n");
        }
        b.append('\n');
        ratios.forEach((label, r) -> b.append("- ").append(label).append(": ")
                .append(targets(r, peer, speedupTarget, allocationTarget)).append('\n'));
        return b.toString();
    }

    /**
     * "speed-up 4.00x (target >= 3x: met), allocation ratio 0.20 (target < 1, less than Kafka: met)";
     * a NaN target: "(no target)".
     */
    private static String targets(double[] r, String peer, double speedupTarget, double allocationTarget) {
        return (Double.isNaN(r[0]) ? "speed-up n/a"
                : Double.isNaN(speedupTarget) ? fmt("speed-up %.2fx (no target)", r[0])
                : fmt("speed-up %.2fx (target >= %sx: %s)", r[0], number(speedupTarget),
                r[0] >= speedupTarget ? "met" : "MISSED"))
                + ", "
                + (Double.isNaN(r[1]) ? "allocation ratio n/a (run with -prof gc)"
                : Double.isNaN(allocationTarget) ? fmt("allocation ratio %.2f (no target)", r[1])
                : fmt("allocation ratio %.2f (target < %.0f, less than %s: %s)", r[1], allocationTarget, peer,
                r[1] < allocationTarget ? "met" : "MISSED"));
    }

    /**
     * Appends one table row: cdckit's time and the peer's, the speed-up, both allocations and their
     * ratio ("n/a" where one result is missing).
     *
     * @return {speed-up, allocation ratio}, NaN where a result is missing
     */
    private static double[] comparisonRow(StringBuilder b, String label, Result ours, Result theirs) {
        double speedup = ours == null || theirs == null ? Double.NaN : theirs.ns / ours.ns;
        double alloc = ours == null || theirs == null ? Double.NaN : ours.bytes / theirs.bytes;
        b.append("| ").append(label)
                .append(" | ").append(time(ours))
                .append(" | ").append(time(theirs))
                .append(" | ").append(Double.isNaN(speedup) ? "n/a" : fmt("%.2fx", speedup))
                .append(" | ").append(bytes(ours))
                .append(" | ").append(bytes(theirs))
                .append(" | ").append(Double.isNaN(alloc) ? "n/a" : fmt("%.2f", alloc))
                .append(" |\n");
        return new double[]{speedup, alloc};
    }

    // ---------------------------------------------------------------- ConverterBenchmark

    /** ConverterBenchmark's directions: benchmark method, then the name used in the table. */
    static final String[][] DIRECTIONS = {
            {"fromConnectData", "fromConnectData (serialize)"},
            {"toConnectData", "toConnectData (deserialize)"}};
    /** Targets from the issue: cdckit at least this many times Apicurio's throughput ... */
    private static final double APICURIO_SPEEDUP_TARGET = 2.0;
    /** ... and at most this many times raw Avro's time. */
    private static final double RAW_AVRO_TARGET = 1.5;

    /** ConverterBenchmark results: method name, then implementation. */
    static Map<String, Map<Codec.Kind, Result>> readConverters(JsonNode root) {
        Map<String, Map<Codec.Kind, Result>> out = new java.util.LinkedHashMap<>();
        for (JsonNode b : root) {
            String name = b.path("benchmark").asText();
            if (!name.startsWith(ConverterBenchmark.class.getName() + ".")) {
                continue;
            }
            String method = name.substring(name.lastIndexOf('.') + 1);
            Codec.Kind impl = Codec.Kind.of(b.path("params").path("impl").asText());
            out.computeIfAbsent(method, k -> new EnumMap<>(Codec.Kind.class)).put(impl, result(b));
        }
        return out;
    }

    private static Result result(JsonNode b) {
        Result r = new Result();
        JsonNode primary = b.path("primaryMetric");
        r.ns = toNanos(primary.path("score").asDouble(), primary.path("scoreUnit").asText());
        r.nsError = toNanos(primary.path("scoreError").asDouble(Double.NaN), primary.path("scoreUnit").asText());
        for (Map.Entry<String, JsonNode> m : b.path("secondaryMetrics").properties()) {
            if (m.getKey().endsWith("gc.alloc.rate.norm")) {
                r.bytes = m.getValue().path("score").asDouble();
            }
        }
        return r;
    }

    static String renderConverters(Map<String, Map<Codec.Kind, Result>> results, Map<Codec.Kind, Double> sizes) {
        StringBuilder b = new StringBuilder();
        Codec.Kind[] kinds = Codec.Kind.values();
        b.append("Time, ns per record:\n\n| direction |");
        for (Codec.Kind k : kinds) {
            b.append(' ').append(k.title).append(" |");
        }
        b.append(" Apicurio / cdckit | cdckit / raw Avro |\n|---|");
        for (int i = 0; i < kinds.length + 2; i++) {
            b.append("---:|");
        }
        b.append('\n');
        Map<String, double[]> ratios = new java.util.LinkedHashMap<>();
        for (String[] d : DIRECTIONS) {
            Map<Codec.Kind, Result> m = results.get(d[0]);
            if (m == null) {
                continue;
            }
            b.append("| ").append(d[1]).append(" |");
            for (Codec.Kind k : kinds) {
                b.append(' ').append(time(m.get(k))).append(" |");
            }
            double apicurio = ratio(m.get(Codec.Kind.APICURIO), m.get(Codec.Kind.CDCKIT));
            double raw = ratio(m.get(Codec.Kind.CDCKIT), m.get(Codec.Kind.RAW_AVRO));
            ratios.put(d[1], new double[]{apicurio, raw});
            b.append(' ').append(Double.isNaN(apicurio) ? "n/a" : fmt("%.2fx", apicurio)).append(" |")
                    .append(' ').append(Double.isNaN(raw) ? "n/a" : fmt("%.2fx", raw)).append(" |\n");
        }
        b.append("\nAllocation, bytes per record (-prof gc, gc.alloc.rate.norm):\n\n| direction |");
        for (Codec.Kind k : kinds) {
            b.append(' ').append(k.title).append(" |");
        }
        b.append("\n|---|");
        for (int i = 0; i < kinds.length; i++) {
            b.append("---:|");
        }
        b.append('\n');
        for (String[] d : DIRECTIONS) {
            Map<Codec.Kind, Result> m = results.get(d[0]);
            if (m == null) {
                continue;
            }
            b.append("| ").append(d[1]).append(" |");
            for (Codec.Kind k : kinds) {
                b.append(' ').append(bytes(m.get(k))).append(" |");
            }
            b.append('\n');
        }
        b.append("\nSerialized size, bytes per record (average over the corpus's event values):\n\n|");
        for (Codec.Kind k : kinds) {
            b.append(' ').append(k.title).append(" |");
        }
        b.append("\n|");
        for (int i = 0; i < kinds.length; i++) {
            b.append("---:|");
        }
        b.append("\n|");
        for (Codec.Kind k : kinds) {
            Double v = sizes.get(k);
            b.append(' ').append(v == null ? "n/a" : fmt("%.1f", v)).append(" |");
        }
        b.append("\n\nApicurio / cdckit = Apicurio ns/op / cdckit ns/op (cdckit's speed-up, higher is better); "
                + "cdckit / raw Avro = cdckit ns/op / raw Avro ns/op (cdckit's overhead over the Avro encoding "
                + "alone, lower is better); per record, +- is JMH's 99.9% error. cdckit and Apicurio write "
                + "Confluent's wire format (5-byte header); raw Avro is the Avro body alone.\n\n");
        for (Map.Entry<String, double[]> e : ratios.entrySet()) {
            double[] r = e.getValue();
            b.append("- ").append(e.getKey()).append(": ")
                    .append(Double.isNaN(r[0]) ? "Apicurio / cdckit n/a"
                            : fmt("Apicurio / cdckit %.2fx (target >= %.0fx: %s)", r[0], APICURIO_SPEEDUP_TARGET,
                            r[0] >= APICURIO_SPEEDUP_TARGET ? "met" : "MISSED"))
                    .append(", ")
                    .append(Double.isNaN(r[1]) ? "cdckit / raw Avro n/a"
                            : fmt("cdckit / raw Avro %.2fx (target <= %.1fx: %s)", r[1], RAW_AVRO_TARGET,
                            r[1] <= RAW_AVRO_TARGET ? "met" : "MISSED"))
                    .append('\n');
        }
        return b.toString();
    }

    private static double ratio(Result a, Result b) {
        return a == null || b == null ? Double.NaN : a.ns / b.ns;
    }

    /**
     * One benchmark class's results, by scenario (from the method name) and implementation (the
     * {@code impl} parameter); methods with no scenario are left out.
     */
    static <S extends Enum<S>, I extends Enum<I>> Map<S, Map<I, Result>> read(JsonNode root, Class<?> benchmark,
            Class<S> scenarios, Function<String, S> scenarioOfMethod, Class<I> impls, Function<String, I> implOf) {
        Map<S, Map<I, Result>> out = new EnumMap<>(scenarios);
        for (JsonNode b : root) {
            String name = b.path("benchmark").asText();
            if (!name.startsWith(benchmark.getName() + ".")) {
                continue;
            }
            S s = scenarioOfMethod.apply(name.substring(name.lastIndexOf('.') + 1));
            if (s == null) {
                continue;
            }
            I impl = implOf.apply(b.path("params").path("impl").asText());
            out.computeIfAbsent(s, k -> new EnumMap<>(impls)).put(impl, result(b));
        }
        return out;
    }

    private static double toNanos(double v, String unit) {
        switch (unit) {
            case "ns/op":
                return v;
            case "us/op":
                return v * 1e3;
            case "ms/op":
                return v * 1e6;
            case "s/op":
                return v * 1e9;
            default:
                throw new IllegalArgumentException("unexpected score unit " + unit + " (run in average time mode)");
        }
    }

    static String render(Map<Scenario, Map<Impl, Result>> results) {
        StringBuilder b = new StringBuilder();
        b.append("| scenario | cdckit ns/op | Debezium ns/op | speed-up | cdckit B/op | Debezium B/op "
                + "| allocation ratio |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|\n");
        Map<Scenario, double[]> ratios = new HashMap<>();
        for (Scenario s : Scenario.values()) {
            Map<Impl, Result> m = results.getOrDefault(s, Map.of());
            Result ours = m.get(Impl.CDCKIT);
            Result theirs = m.get(Impl.DEBEZIUM);
            if (ours == null && theirs == null) {
                continue;
            }
            ratios.put(s, comparisonRow(b, s.label, ours, theirs));
        }
        b.append('\n');
        b.append("speed-up = Debezium ns/op / cdckit ns/op (higher is better); allocation ratio = cdckit B/op / "
                + "Debezium B/op (lower is better); ns/op and B/op are per record, +- is JMH's 99.9% error.\n");

        StringBuilder floor = new StringBuilder();
        for (Scenario s : Scenario.values()) {
            Result base = results.getOrDefault(s, Map.of()).get(Impl.BASELINE);
            if (base != null) {
                floor.append(floor.length() == 0 ? "" : "; ").append(s.label).append(' ')
                        .append(fmt("%.1f ns/op, %s B/op", base.ns, bytes(base)));
            }
        }
        if (floor.length() > 0) {
            b.append("harness floor (impl=baseline, returns its input): ").append(floor).append(".\n");
        }

        b.append('\n');
        for (Scenario s : Scenario.values()) {
            double[] r = ratios.get(s);
            if (r == null) {
                continue;
            }
            Double target = SPEEDUP_TARGET.get(s);
            b.append("- ").append(s.label).append(": ");
            if (target != null) {
                b.append(fmt("speed-up %.2fx (target >= %.0fx: %s), ", r[0], target,
                        r[0] >= target ? "met" : "MISSED"));
            } else {
                b.append(fmt("speed-up %.2fx (no target), ", r[0]));
            }
            b.append(Double.isNaN(r[1]) ? "allocation ratio n/a (run with -prof gc)\n"
                    : fmt("allocation ratio %.2f (target <= %.2f: %s)\n", r[1], ALLOCATION_TARGET,
                    r[1] <= ALLOCATION_TARGET ? "met" : "MISSED"));
        }
        return b.toString();
    }

    private static String time(Result r) {
        if (r == null) {
            return "n/a";
        }
        return Double.isNaN(r.nsError) ? fmt("%.1f", r.ns) : fmt("%.1f +- %.1f", r.ns, r.nsError);
    }

    private static String bytes(Result r) {
        return r == null || Double.isNaN(r.bytes) ? "n/a" : fmt("%.0f", r.bytes);
    }

    /** A target as written: 3, 1.5. */
    private static String number(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
