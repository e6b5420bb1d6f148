package io.cdckit.bench;

import io.cdckit.smt.masking.fpe.FormatPreservingCipher;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Before measuring: both implementations, given the benchmark's configurations and the corpus's
 * data-change events, must produce the same records (dropped or not, topic, partition, key, value,
 * both schemas, timestamp, headers). Otherwise the comparison would not be of the same work. Run
 * by {@code run.sh} in a JVM of its own, so that the measuring JVMs only ever see one implementation.
 * Seven checks: {@link UnwrapBenchmark}'s (Unwrap and ExtractNewRecordState, every {@link Scenario}, on
 * the events), {@link MappingBenchmark}'s (FieldMapper and the Kafka chain it replaces, every
 * {@link MappingScenario}, on the unwrapped rows it measures, each of which must also come out
 * changed: the spec applies to every record), {@link TimestampBenchmark}'s (TimestampNormalizer and
 * one TimestampConverter per column, every {@link TimestampScenario}, on the unwrapped temporal rows
 * it measures, every listed column of which must come out converted; and each row it leaves out
 * must come out different, so that the rows left out are exactly those Kafka's converter cannot
 * match), {@link MaskBenchmark}'s ({@link #checkMasking}: Mask and Kafka's MaskField, whole
 * records; Mask's token, card and note against the bare computations it is measured against),
 * {@link RoutingBenchmark}'s ({@link RoutingCheck}), {@link OutboxBenchmark}'s
 * ({@link OutboxScenario#checkParity}: OutboxRouter and Debezium's EventRouter, whole records, on
 * its outbox events) and {@link ExpressionBenchmark}'s ({@link ExpressionCheck}: ExpressionFilter and
 * ExpressionRouter against Debezium's Filter and ContentBasedRouter with the same Groovy text, whole
 * records, and the filters' decisions against the hand-written Java floor's, on the events).
 */
public final class ParityCheck {

    private ParityCheck() {
    }

    public static void main(String[] args) {
        Corpus corpus = Corpus.load();
        System.out.println(corpus.describe());
        int compared = 0;
        for (Scenario s : Scenario.values()) {
            Transformation<SinkRecord> ours = Impl.CDCKIT.create(s.config);
            Transformation<SinkRecord> theirs = Impl.DEBEZIUM.create(s.config);
            for (SinkRecord r : corpus.events) {
                SinkRecord expected = theirs.apply(Corpus.copy(r));
                SinkRecord input = Corpus.copy(r);
                int before = input.headers().size();
                SinkRecord actual = ours.apply(input);
                if (input.headers().size() != before) {
                    throw new AssertionError("cdckit changed its input's headers, " + s.label);
                }
                String diff = difference(expected, actual);
                if (diff != null) {
                    throw new AssertionError("scenario " + s.label + ", " + r.topic() + " offset " + r.kafkaOffset()
                            + ": outputs differ in " + diff);
                }
                compared++;
            }
            ours.close();
            theirs.close();
        }
        System.out.printf("parity: %d events x %d scenarios, cdckit output identical to Debezium's (%d comparisons)%n",
                corpus.events.size(), Scenario.values().length, compared);
        checkMapping(corpus);
        checkTimestamps();
        checkMasking(corpus);
        RoutingCheck.check(corpus);
        OutboxScenario.checkParity();
        ExpressionCheck.check(corpus);
        MongoScenario.checkParity(MongoScenario.events(MongoUnwrapBenchmark.EVENTS));
    }

    /**
     * {@link MaskBenchmark}'s pairs on the rows it measures. {@link MaskScenario#REDACT}: Mask and
     * Kafka's MaskField give identical records, with every non-null masked column {@code ***} and
     * every null one null in both. {@link MaskScenario#HMAC}: Mask's record is its input but for
     * {@code email}, which is the bare JDK computation's token ({@link MaskImpl#JDK}).
     * {@link MaskScenario#FPE} and {@link MaskScenario#FPE_LUHN}: Mask's record is its input but for
     * {@code card}, which is the cipher's output alone ({@link MaskImpl#CIPHER}): 16 digits, another
     * number, the last four kept, Luhn-valid with {@code fpe.luhn=true}; and the Luhn walk that
     * {@link MaskBenchmark} reports the length of gives the same number. {@link MaskScenario#DETECT}:
     * Mask's record is its input but for {@code note}, which is the scanner's output alone
     * ({@link MaskImpl#SCANNER}): a note with personal data comes out as long as it went in, changed,
     * every changed character a {@code *} (its {@code @} gone); a note without any comes out as it is.
     */
    static void checkMasking(Corpus corpus) {
        MaskScenario redact = MaskScenario.REDACT;
        Transformation<SinkRecord> ours = MaskImpl.CDCKIT.transform(redact);
        Transformation<SinkRecord> theirs = MaskImpl.KAFKA.transform(redact);
        List<SinkRecord> rows = redact.rows(corpus);
        int nulls = 0;
        String replacement = redact.maskConfig.get("replacement");
        for (SinkRecord r : rows) {
            SinkRecord expected = theirs.apply(Corpus.copy(r));
            SinkRecord actual = ours.apply(Corpus.copy(r));
            String where = "mask scenario " + redact.label + ", " + r.topic() + " offset " + r.kafkaOffset();
            String diff = difference(expected, actual);
            if (diff != null) {
                throw new AssertionError(where + ": outputs differ in " + diff);
            }
            Struct in = (Struct) r.value();
            Struct out = (Struct) actual.value();
            for (String f : redact.fields) {
                Object want = in.get(f) == null ? null : replacement;
                if (!Objects.equals(want, out.get(f))) {
                    throw new AssertionError(where + ": column " + f + " is not " + (want == null ? "null" : want));
                }
                nulls += in.get(f) == null ? 1 : 0;
            }
        }
        ours.close();
        theirs.close();
        System.out.printf("parity: Mask (redact) output identical to Kafka's MaskField on the %d customers rows (%d "
                + "masked columns, %d of them null and left null by both)%n", rows.size(),
                rows.size() * redact.fields.size(), nulls);

        StringBuilder bare = new StringBuilder();
        int redactedNotes = 0;
        int plainNotes = 0;
        for (MaskScenario s : new MaskScenario[]{MaskScenario.HMAC, MaskScenario.FPE, MaskScenario.FPE_LUHN,
            MaskScenario.DETECT}) {
            MaskImpl floor = s.fpe() ? MaskImpl.CIPHER : s.detect() ? MaskImpl.SCANNER : MaskImpl.JDK;
            List<SinkRecord> input = s.rows(corpus);
            Transformation<SinkRecord> mask = MaskImpl.CDCKIT.transform(s);
            Function<SinkRecord, Object> alone = floor.bare(s, input.get(0).valueSchema());
            String column = s.fields.get(0);
            List<String> cards = new ArrayList<>();
            for (SinkRecord r : input) {
                String where = "mask scenario " + s.label + ", " + r.topic() + " offset " + r.kafkaOffset();
                SinkRecord actual = mask.apply(Corpus.copy(r));
                Struct in = (Struct) r.value();
                Struct out = (Struct) actual.value();
                String token = out.getString(column);
                if (!Objects.equals(alone.apply(r), token)) {
                    throw new AssertionError(where + ": Mask's " + column + " differs from " + floor.label + "'s");
                }
                for (Field f : in.schema().fields()) {
                    if (!f.name().equals(column) && !Objects.equals(in.get(f), out.get(f.name()))) {
                        throw new AssertionError(where + ": Mask changed column " + f.name());
                    }
                }
                if (out.schema().fields().size() != in.schema().fields().size()
                        || !Objects.equals(out.schema().name(), in.schema().name())) {
                    throw new AssertionError(where + ": Mask changed the row's shape");
                }
                String plain = in.getString(column);
                if (s.detect()) {
                    if (plain.equals(token)) {
                        if (plain.indexOf('@') >= 0) {
                            throw new AssertionError(where + ": a note with personal data came out unchanged");
                        }
                        plainNotes++;
                    } else {
                        boolean redacted = token.length() == plain.length() && token.indexOf('@') < 0;
                        for (int i = 0; redacted && i < plain.length(); i++) {
                            redacted = token.charAt(i) == plain.charAt(i) || token.charAt(i) == '*';
                        }
                        if (!redacted) {
                            throw new AssertionError(where + ": the note is not redacted character by character");
                        }
                        redactedNotes++;
                    }
                } else if (s.fpe()) {
                    cards.add(plain);
                    String tail = plain.substring(plain.length() - MaskScenario.KEEP_LAST);
                    if (!token.matches("\\d{16}") || token.equals(plain) || !token.endsWith(tail)
                            || (s.luhn() && !MaskScenario.luhnValid(token))) {
                        throw new AssertionError(where + ": the card is not enciphered as configured");
                    }
                } else if (!token.matches(MaskScenario.HMAC_KEY_ID + ":[0-9a-f]{64}")) {
                    throw new AssertionError(where + ": the token is not k1: and 64 hex digits");
                }
                if (difference(r, withValue(actual, r)) != null) {
                    throw new AssertionError(where + ": Mask changed the record beyond its value");
                }
            }
            if (s.luhn()) {
                checkWalk(cards);
            }
            mask.close();
            bare.append(bare.length() == 0 ? "" : ", ").append(s.label).append(" against ").append(floor.label)
                    .append(' ').append(input.size());
        }
        System.out.printf("parity: Mask's masked column equal to the bare computation's, the rest of the record "
                + "unchanged (%s rows; detect: %d notes redacted, %d without personal data unchanged)%n", bare,
                redactedNotes, plainNotes);
    }

    /** The walk {@link MaskScenario#walkSteps} counts gives, card by card, what {@code fpe.luhn=true} gives. */
    private static void checkWalk(List<String> cards) {
        FormatPreservingCipher cipher = MaskScenario.cipher();
        for (String card : cards) {
            String c = card;
            do {
                c = cipher.encrypt(c, MaskScenario.KEEP_LAST, false);
            } while (!MaskScenario.luhnValid(c));
            if (!c.equals(cipher.encrypt(card, MaskScenario.KEEP_LAST, true))) {
                throw new AssertionError("the Luhn walk counted differs from the cipher's");
            }
        }
    }

    /** {@code r} with {@code like}'s value and value schema: to compare everything else. */
    private static SinkRecord withValue(SinkRecord r, SinkRecord like) {
        return r.newRecord(r.topic(), r.kafkaPartition(), r.keySchema(), r.key(), like.valueSchema(), like.value(),
                r.timestamp(), r.headers());
    }

    /** FieldMapper and the Kafka chain it replaces on every row each {@link MappingScenario} measures. */
    static void checkMapping(Corpus corpus) {
        int compared = 0;
        StringBuilder rows = new StringBuilder();
        for (MappingScenario s : MappingScenario.values()) {
            List<SinkRecord> input = s.rows(corpus);
            Transformation<SinkRecord> ours = MappingImpl.CDCKIT.create(s);
            Transformation<SinkRecord> theirs = MappingImpl.KAFKA.create(s);
            for (SinkRecord r : input) {
                SinkRecord expected = theirs.apply(Corpus.copy(r));
                SinkRecord actual = ours.apply(Corpus.copy(r));
                String where = "mapping scenario " + s.label + ", " + r.topic() + " offset " + r.kafkaOffset();
                String diff = difference(expected, actual);
                if (diff != null) {
                    throw new AssertionError(where + ": outputs differ in " + diff);
                }
                if (actual == null || Objects.equals(actual.valueSchema(), r.valueSchema())) {
                    throw new AssertionError(where + ": the spec did not change the row");
                }
                compared++;
            }
            ours.close();
            theirs.close();
            rows.append(rows.length() == 0 ? "" : ", ").append(s.label).append(' ').append(input.size());
        }
        System.out.printf("parity: FieldMapper output identical to the Kafka chain on every unwrapped row (%s; "
                + "%d comparisons)%n", rows, compared);
    }

    /**
     * TimestampNormalizer and the chain of TimestampConverters it replaces on the temporal corpus: on
     * every row measured the records are identical and every listed column is text in both (it was
     * a Connect temporal type); on every row left out they differ.
     */
    static void checkTimestamps() {
        Corpus corpus = TimestampScenario.corpus();
        System.out.println(corpus.describe());
        int compared = 0;
        for (TimestampScenario s : TimestampScenario.values()) {
            TimestampScenario.Rows rows = TimestampScenario.rows(corpus);
            Transformation<SinkRecord> ours = TimestampImpl.CDCKIT.create(s);
            Transformation<SinkRecord> theirs = TimestampImpl.KAFKA.create(s);
            for (SinkRecord r : rows.measured) {
                SinkRecord expected = theirs.apply(Corpus.copy(r));
                SinkRecord actual = ours.apply(Corpus.copy(r));
                String where = "timestamp scenario " + s.label + ", row '" + TimestampScenario.label(r) + "' (offset "
                        + r.kafkaOffset() + ")";
                String diff = difference(expected, s.namesTimestamps() ? kafkaSchema(actual, expected) : actual);
                if (diff != null) {
                    throw new AssertionError(where + ": outputs differ in " + diff + firstColumnDifference(expected,
                            actual));
                }
                for (String c : TimestampScenario.columns()) {
                    Schema in = r.valueSchema().field(c).schema();
                    Schema out = actual.valueSchema().field(c).schema();
                    String name = s.namesTimestamps() && TimestampScenario.TIMESTAMPS.contains(c) ? ZONED_TIMESTAMP : null;
                    if (in.type() == Schema.Type.STRING || out.type() != Schema.Type.STRING
                            || !Objects.equals(name, out.name())) {
                        throw new AssertionError(where + ": column " + c + " was not converted to "
                                + (name == null ? "plain text" : name));
                    }
                }
                compared++;
            }
            StringBuilder leftOut = new StringBuilder();
            for (SinkRecord r : rows.all) {
                String label = TimestampScenario.label(r);
                if (!rows.leftOut.containsKey(label)) {
                    continue;
                }
                SinkRecord expected = theirs.apply(Corpus.copy(r));
                SinkRecord actual = ours.apply(Corpus.copy(r));
                String column = firstColumnDifference(expected, actual);
                if (column.isEmpty()) {
                    throw new AssertionError("timestamp scenario " + s.label + ", row '" + label + "' is left out ("
                            + rows.leftOut.get(label) + ") but both give the same output");
                }
                leftOut.append("\n  ").append(label).append(" (").append(rows.leftOut.get(label)).append(')')
                        .append(column);
            }
            ours.close();
            theirs.close();
            System.out.printf("parity: TimestampNormalizer output identical to %d TimestampConverters on %d of the %d "
                    + "unwrapped rows of %s (%s); the %d rows left out differ:%s%n",
                    TimestampScenario.columns().size(), rows.measured.size(), rows.all.size(), s.label,
                    String.join(",", TimestampScenario.columns()), rows.leftOut.size(), leftOut);
        }
        System.out.printf("parity: timestamps, %d comparisons%n", compared);
    }

    private static final String ZONED_TIMESTAMP = "io.debezium.time.ZonedTimestamp";

    /**
     * Ours' output with Kafka's value schema, when ours differs from it only by naming its ISO
     * timestamp columns {@value #ZONED_TIMESTAMP} (otherwise as it is, for {@link #difference} to
     * report): a Struct of Kafka's schema holding ours' values.
     */
    private static SinkRecord kafkaSchema(SinkRecord cdckit, SinkRecord kafka) {
        if (!(cdckit.value() instanceof Struct c) || !(kafka.value() instanceof Struct k)) {
            return cdckit;
        }
        Schema ours = c.schema();
        Schema theirs = k.schema();
        if (ours.fields().size() != theirs.fields().size() || !Objects.equals(ours.name(), theirs.name())
                || !Objects.equals(ours.version(), theirs.version()) || ours.isOptional() != theirs.isOptional()) {
            return cdckit;
        }
        for (org.apache.kafka.connect.data.Field f : theirs.fields()) {
            Schema o = ours.field(f.name()) == null ? null : ours.field(f.name()).schema();
            boolean renamed = o != null && ZONED_TIMESTAMP.equals(o.name()) && f.schema().name() == null
                    && o.type() == f.schema().type() && o.isOptional() == f.schema().isOptional();
            if (o == null || !(renamed || o.equals(f.schema()))) {
                return cdckit;
            }
        }
        Struct rebuilt = new Struct(theirs);
        for (org.apache.kafka.connect.data.Field f : theirs.fields()) {
            rebuilt.put(f.name(), c.get(f.name()));
        }
        return cdckit.newRecord(cdckit.topic(), cdckit.kafkaPartition(), cdckit.keySchema(), cdckit.key(), theirs,
                rebuilt, cdckit.timestamp());
    }

    /** {@code ": column c, Kafka x, cdckit y"} for the first converted column whose values differ, or "". */
    private static String firstColumnDifference(SinkRecord kafka, SinkRecord cdckit) {
        if (!(kafka.value() instanceof Struct k) || !(cdckit.value() instanceof Struct c)) {
            return "";
        }
        for (String column : TimestampScenario.columns()) {
            Object a = k.get(column);
            Object b = c.get(column);
            if (!Objects.equals(a, b)) {
                return ": column " + column + ", Kafka " + quoted(a) + ", cdckit " + quoted(b);
            }
        }
        return "";
    }

    private static String quoted(Object v) {
        return v instanceof String ? "'" + v + "'" : String.valueOf(v);
    }

    static String difference(ConnectRecord<?> a, ConnectRecord<?> b) {
        if (a == null || b == null) {
            return a == b ? null : "dropped or not";
        }
        if (!Objects.equals(a.topic(), b.topic())) {
            return "topic";
        }
        if (!Objects.equals(a.kafkaPartition(), b.kafkaPartition())) {
            return "partition";
        }
        if (!Objects.equals(a.keySchema(), b.keySchema())) {
            return "key schema";
        }
        if (!Objects.equals(a.key(), b.key())) {
            return "key";
        }
        if (!Objects.equals(a.valueSchema(), b.valueSchema())) {
            return "value schema";
        }
        if (!Objects.equals(a.value(), b.value())) {
            return "value";
        }
        if (!Objects.equals(a.timestamp(), b.timestamp())) {
            return "timestamp";
        }
        if (!headers(a).equals(headers(b))) {
            return "headers " + headers(a) + " vs " + headers(b);
        }
        return null;
    }

    private static List<String> headers(ConnectRecord<?> r) {
        List<String> out = new ArrayList<>();
        for (Header h : r.headers()) {
            out.add(h.key() + "=" + h.value() + " (" + (h.schema() == null ? "no schema" : h.schema().type()) + ")");
        }
        return out;
    }
}
