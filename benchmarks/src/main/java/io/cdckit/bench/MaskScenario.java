package io.cdckit.bench;

import io.cdckit.smt.masking.detect.ContentScanner;
import io.cdckit.smt.masking.detect.Detector;
import io.cdckit.smt.masking.detect.Match;
import io.cdckit.smt.masking.fpe.Alphabet;
import io.cdckit.smt.masking.fpe.FormatPreservingCipher;
import io.cdckit.smt.masking.fpe.FpeAlgorithm;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The masking {@link MaskBenchmark} measures, one benchmark method each, all on the rows of the
 * corpus's {@code shop.customers} table unwrapped by Debezium's {@code ExtractNewRecordState} (as
 * {@link MappingScenario#CUSTOMERS} has them: {@code id}, {@code email}, {@code name},
 * {@code phone}, {@code tier}; 7 rows, {@code phone} null in 4 of them):
 * <ul>
 *   <li>{@link #REDACT}: a constant over {@code email}, {@code name}, {@code phone}, ours against
 *       Kafka's {@code MaskField$Value} with the same replacement;</li>
 *   <li>{@link #HMAC}: an HMAC-SHA256 token of {@code email}, ours against the bare JDK {@code Mac}
 *       call that computes the same token ({@link MaskImpl#JDK});</li>
 *   <li>{@link #FPE} and {@link #FPE_LUHN}: FF1 over a 16-digit card number, keeping the last four,
 *       without and with Luhn preservation, ours against its own cipher alone
 *       ({@link MaskImpl#CIPHER}). The corpus has no card column, so these rows get one at setup
 *       ({@link #rows}).</li>
 *   <li>{@link #DETECT}: content detection ({@code email}, {@code phone}, {@code card}) in a
 *       free-text {@code note}, each match redacted character by character, ours against its own
 *       scanner alone ({@link MaskImpl#SCANNER}). The corpus has no such column either: these rows
 *       get one at setup ({@link #rows}, {@link #notes}).</li>
 * </ul>
 * The keys are fixed benchmark keys, not secrets: {@value #HMAC_KEY} and NIST SP 800-38G's FF1
 * sample key {@value #FPE_KEY}.
 */
public enum MaskScenario {

    /**
     * {@code redact} with {@code replacement=***} on the three personal string columns, and
     * {@code mark.schema=false}, so the output schema is the input's, as Kafka's is. Kafka's
     * {@code MaskField$Value} with {@code fields=email,name,phone}, {@code replacement=***}: the same
     * record. A null {@code phone} stays null in both (neither masks a null), so a record has 3
     * fields replaced on 3 of the 7 rows and 2 on the other 4.
     */
    REDACT("redact", "redactCustomers", "`email,name,phone` replaced by the constant `***`",
            config("fields", "email,name,phone", "mode", "redact", "replacement", "***", "mark.schema", "false"),
            List.of("email", "name", "phone")),

    /**
     * {@code hmac} of {@code email} with the default output, {@code hex}: {@code k1:} (the key id)
     * then the 64 hex digits of HMAC-SHA256 over the UTF-8 bytes.
     */
    HMAC("hmac", "hmacEmail", "`email` to an HMAC-SHA256 token, hex",
            config("fields", "email", "mode", "hmac", "hmac.key", MaskScenario.HMAC_KEY),
            List.of("email")),

    /** {@code fpe} (FF1, {@code digits}) of the 16-digit {@code card}, its last four kept, Luhn validity not kept. */
    FPE("fpe", "fpeCard", "16-digit `card`: FF1, digits, keep.last=4",
            config("fields", MaskScenario.CARD, "mode", "fpe", "fpe.key", MaskScenario.FPE_KEY, "alphabet", "digits",
                    "fpe.keep.last", "4", "fpe.luhn", "false"),
            List.of(MaskScenario.CARD)),

    /** {@link #FPE} with {@code fpe.luhn=true}: a Luhn-valid card stays Luhn-valid (the cipher walks its cycle). */
    FPE_LUHN("fpe, Luhn", "fpeCardLuhn", "16-digit `card`: FF1, digits, keep.last=4, fpe.luhn=true",
            config("fields", MaskScenario.CARD, "mode", "fpe", "fpe.key", MaskScenario.FPE_KEY, "alphabet", "digits",
                    "fpe.keep.last", "4", "fpe.luhn", "true"),
            List.of(MaskScenario.CARD)),

    /**
     * Content detection in the free-text {@code note}: e-mail addresses, phone numbers (with a
     * country code: no {@code detect.phone.region}) and card numbers, each match redacted
     * ({@code *} for each of its characters), the rest of the text kept.
     */
    DETECT("detect", "detectNote", "`note`, ~126 chars: detect=email,phone,card, detect.mode=redact",
            config("detect", "email,phone,card", "detect.fields", MaskScenario.NOTE, "detect.mode", "redact"),
            List.of(MaskScenario.NOTE));

    /** The table whose rows are the input. */
    public static final String TABLE = "customers";
    /** The column {@link #rows} adds for the {@code fpe} scenarios. */
    public static final String CARD = "card";
    /** The column {@link #rows} adds for {@link #DETECT}. */
    public static final String NOTE = "note";
    /** {@code hmac.key}: 32 bytes, 00 to 1f. */
    public static final String HMAC_KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    /** {@code hmac.key.id}'s default: the prefix of {@code hex} tokens. */
    public static final String HMAC_KEY_ID = "k1";
    /** {@code fpe.key}: NIST SP 800-38G's FF1 sample key (AES-128). */
    public static final String FPE_KEY = "2b7e151628aed2a6abf7158809cf4f3c";
    /** {@code keep.last} of the {@code fpe} scenarios. */
    public static final int KEEP_LAST = 4;
    /**
     * How many rows the {@code fpe} scenarios have: the customers rows repeated, each copy with a card
     * number of its own, at least {@link MaskBenchmark#BATCH}, so that a batch never enciphers the
     * same number twice and the Luhn walk's length averages over many numbers ({@link #walkSteps}).
     */
    static final int CARD_ROWS = MaskBenchmark.BATCH;
    /**
     * How many rows {@link #DETECT} has: the customers rows repeated, each copy with a note of its
     * own, at least {@link MaskBenchmark#BATCH}, so a batch never scans the same text twice.
     */
    static final int NOTE_ROWS = MaskBenchmark.BATCH;
    /** Every {@code NOTE_PLAIN}-th note (the third, sixth, ...) holds no personal data: words only. */
    static final int NOTE_PLAIN = 3;
    /** What {@link #DETECT} detects. */
    static final Set<Detector> DETECTORS = EnumSet.of(Detector.EMAIL, Detector.PHONE, Detector.CARD);

    /** The name used in tables. */
    public final String label;
    /** The benchmark method measuring it. */
    public final String method;
    /** What it does, for the result table. */
    public final String description;
    /** {@code io.cdckit.smt.masking.Mask$Value}'s configuration. */
    public final Map<String, String> maskConfig;
    /** The columns masked (every row has them). */
    public final List<String> fields;

    MaskScenario(String label, String method, String description, Map<String, String> maskConfig,
                 List<String> fields) {
        this.label = label;
        this.method = method;
        this.description = description;
        this.maskConfig = maskConfig;
        this.fields = fields;
    }

    private static Map<String, String> config(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return Map.copyOf(m);
    }

    /** The scenario measured by a benchmark method, or null. */
    public static MaskScenario ofMethod(String method) {
        for (MaskScenario s : values()) {
            if (s.method.equals(method)) {
                return s;
            }
        }
        return null;
    }

    /** Whether it is one of the {@code fpe} scenarios. */
    public boolean fpe() {
        return this == FPE || this == FPE_LUHN;
    }

    /** Whether it is the content-detection scenario, {@link #DETECT}. */
    public boolean detect() {
        return this == DETECT;
    }

    /** The scanner {@code Mask} builds from {@link #DETECT}'s configuration (no phone region). */
    public static ContentScanner scanner() {
        return ContentScanner.of(DETECTORS, null);
    }

    /** Whether the {@code fpe} scenario keeps Luhn validity. */
    public boolean luhn() {
        return this == FPE_LUHN;
    }

    /** Kafka's {@code MaskField$Value} configuration ({@link #REDACT} only). */
    public Map<String, String> maskFieldConfig() {
        if (this != REDACT) {
            throw new IllegalStateException("only " + REDACT + " has a Kafka MaskField peer");
        }
        return Map.of("fields", String.join(",", fields), "replacement", maskConfig.get("replacement"));
    }

    /** The cipher {@code Mask} builds from {@link #maskConfig} (FF1, the key, no tweak, {@code digits}). */
    public static FormatPreservingCipher cipher() {
        return FormatPreservingCipher.of(FpeAlgorithm.FF1, HexFormat.of().parseHex(FPE_KEY), new byte[0],
                Alphabet.named("digits"));
    }

    /**
     * The input: the {@code shop.customers} rows ({@link MappingScenario#CUSTOMERS}'s, which checks
     * that each has {@code email}, {@code name} and {@code phone}). For the {@code fpe} scenarios,
     * {@link #CARD_ROWS} rows: those rows repeated, each with a {@value #CARD} column added after the
     * others (a required string, the row schema's name kept) holding a Luhn-valid 16-digit number of
     * its own ({@link #cards}). For {@link #DETECT}, {@link #NOTE_ROWS} rows the same way with a
     * {@value #NOTE} column holding a text of its own ({@link #notes}).
     */
    public List<SinkRecord> rows(Corpus corpus) {
        List<SinkRecord> customers = MappingScenario.CUSTOMERS.rows(corpus);
        if (fpe()) {
            return withColumn(corpus, customers, CARD, cards(CARD_ROWS));
        }
        if (detect()) {
            return withColumn(corpus, customers, NOTE, notes(NOTE_ROWS));
        }
        return customers;
    }

    /** {@code values.size()} rows: {@code customers} repeated, row i with column {@code name} = value i. */
    private static List<SinkRecord> withColumn(Corpus corpus, List<SinkRecord> customers, String name,
                                               List<String> values) {
        Schema in = customers.get(0).valueSchema();
        SchemaBuilder b = SchemaBuilder.struct().name(in.name());
        if (in.version() != null) {
            b.version(in.version());
        }
        if (in.isOptional()) {
            b.optional();
        }
        for (Field f : in.fields()) {
            b.field(f.name(), f.schema());
        }
        Schema with = b.field(name, Schema.STRING_SCHEMA).build();
        List<SinkRecord> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            SinkRecord r = customers.get(i % customers.size());
            if (!in.equals(r.valueSchema())) {
                throw new IllegalStateException("the customers rows of " + corpus.origin + " have more than one schema");
            }
            Struct row = (Struct) r.value();
            Struct v = new Struct(with);
            for (Field f : in.fields()) {
                v.put(f.name(), row.getWithoutDefault(f.name()));
            }
            v.put(name, values.get(i));
            out.add(r.newRecord(r.topic(), r.kafkaPartition(), r.keySchema(), r.key(), with, v, r.timestamp(),
                    r.headers().duplicate()));
        }
        return out;
    }

    private static final String[] WORDS = {"the", "customer", "asked", "about", "delivery", "of", "order", "and",
        "wants", "a", "refund", "before", "friday", "please", "call", "back", "after", "lunch", "invoice", "was",
        "sent", "twice", "package", "arrived", "damaged", "new", "address", "confirmed", "by", "support", "team",
        "prefers", "morning", "contact", "loyalty", "tier", "upgrade", "pending", "review", "note", "from", "agent"};
    private static final String[] FIRST = {"anna", "bjorn", "carla", "david", "emma", "farid", "greta", "hugo",
        "ines", "jonas", "kari", "lars", "maria", "nils", "olga", "per"};
    private static final String[] LAST = {"berg", "hansen", "lopez", "smith", "novak", "dahl", "moreau", "rossi"};
    private static final String[] DOMAINS = {"example.com", "mail.example.org", "shop.example.net", "example.no"};
    /** Phone shapes, {@code #} a random digit: Norwegian, British, German mobiles and a US number. */
    private static final String[] PHONES = {"+47 9## ## ###", "+44 7### ######", "+49 151 ########",
        "+1 415-555-####"};

    /**
     * {@code n} distinct notes of 121 to 140 characters (126 on average for 512), from a fixed
     * seed: words with one e-mail address, one phone number written with its {@code +country} code
     * and one Luhn-valid 16-digit card number in four groups of four; every {@value #NOTE_PLAIN}rd
     * note is words only, no personal data. Each note is checked against {@link #scanner}: a note
     * with personal data has exactly those three matches, each exactly the text put in; a plain note
     * has none.
     */
    static List<String> notes(int n) {
        Random random = new Random(20_240_417L);
        List<String> cards = cards(n);
        ContentScanner scanner = scanner();
        List<String> out = new ArrayList<>(n);
        Set<String> seen = new HashSet<>();
        int card = 0;
        for (int attempts = 0; out.size() < n; attempts++) {
            if (attempts > 4 * n) {
                throw new IllegalStateException("fewer than a quarter of the generated notes scan as intended");
            }
            boolean plain = out.size() % NOTE_PLAIN == NOTE_PLAIN - 1;
            StringBuilder b = new StringBuilder();
            List<String> pii = new ArrayList<>();
            if (plain) {
                words(b, random, 120);
            } else {
                String email = FIRST[random.nextInt(FIRST.length)] + "." + LAST[random.nextInt(LAST.length)]
                        + random.nextInt(100) + "@" + DOMAINS[random.nextInt(DOMAINS.length)];
                StringBuilder phone = new StringBuilder();
                for (char c : PHONES[random.nextInt(PHONES.length)].toCharArray()) {
                    phone.append(c == '#' ? (char) ('0' + random.nextInt(10)) : c);
                }
                String c = cards.get(card++ % cards.size());
                String grouped = c.substring(0, 4) + " " + c.substring(4, 8) + " " + c.substring(8, 12) + " "
                        + c.substring(12);
                pii = List.of(email, phone.toString(), grouped);
                words(b, random, 20);
                b.append(" mail ").append(email).append(',');
                words(b, random, b.length() + 12);
                b.append(" phone ").append(phone).append(", card ").append(grouped);
                words(b, random, 120);
            }
            String note = b.append('.').toString();
            List<Match> found = scanner.find(note);
            List<String> texts = new ArrayList<>();
            for (Match m : found) {
                texts.add(m.in(note));
            }
            if (texts.equals(pii) && seen.add(note)) {
                out.add(note);
            }
        }
        return out;
    }

    /** Random words appended to {@code b}, space-separated, until it is at least {@code length} long. */
    private static void words(StringBuilder b, Random random, int length) {
        do {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(WORDS[random.nextInt(WORDS.length)]);
        } while (b.length() < length);
    }

    /**
     * {@code n} distinct Luhn-valid 16-digit numbers starting with 4 (the shape of a Visa card),
     * from a fixed seed, so every run enciphers the same numbers.
     */
    static List<String> cards(int n) {
        Random random = new Random(20_240_301L);
        List<String> out = new ArrayList<>(n);
        Set<String> seen = new HashSet<>();
        while (out.size() < n) {
            char[] d = new char[16];
            d[0] = '4';
            for (int i = 1; i < 15; i++) {
                d[i] = (char) ('0' + random.nextInt(10));
            }
            d[15] = (char) ('0' + checkDigit(d));
            String card = new String(d);
            if (seen.add(card)) {
                out.add(card);
            }
        }
        return out;
    }

    /** The Luhn check digit of the first 15 digits of {@code d}. */
    private static int checkDigit(char[] d) {
        int sum = 0;
        for (int i = 14, place = 1; i >= 0; i--, place++) {
            int v = d[i] - '0';
            if ((place & 1) == 1) {
                v *= 2;
                if (v > 9) {
                    v -= 9;
                }
            }
            sum += v;
        }
        return (10 - sum % 10) % 10;
    }

    /** Whether {@code digits} (digits only) passes Luhn's check. */
    static boolean luhnValid(String digits) {
        int sum = 0;
        for (int i = digits.length() - 1, place = 0; i >= 0; i--, place++) {
            int v = digits.charAt(i) - '0';
            if ((place & 1) == 1) {
                v *= 2;
                if (v > 9) {
                    v -= 9;
                }
            }
            sum += v;
        }
        return sum % 10 == 0;
    }

    /**
     * The mean number of FF1 calls per card with {@code fpe.luhn=true}: how many times the 12
     * enciphered digits are enciphered until the number is Luhn-valid again (each step is one
     * encipherment with the last four kept, which is what {@code luhn=false} does once), over
     * {@code cards}. About 10 expected: a tenth of the numbers are Luhn-valid.
     */
    static double walkSteps(FormatPreservingCipher cipher, List<String> cards) {
        long steps = 0;
        for (String card : cards) {
            String c = card;
            do {
                c = cipher.encrypt(c, KEEP_LAST, false);
                steps++;
            } while (!luhnValid(c));
        }
        return (double) steps / cards.size();
    }
}
