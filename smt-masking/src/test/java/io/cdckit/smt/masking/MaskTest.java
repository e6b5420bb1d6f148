package io.cdckit.smt.masking;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import com.google.crypto.tink.daead.PredefinedDeterministicAeadParameters;

import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.FlatEnvelopes;
import io.cdckit.testkit.TransformContract;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskTest {

    static final String HMAC_KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    static final String FPE_KEY = "2b7e151628aed2a6abf7158809cf4f3c";
    static final String KEYSET = keyset();

    static String keyset() {
        try {
            DeterministicAeadConfig.register();
            return TinkJsonProtoKeysetFormat.serializeKeyset(
                    KeysetHandle.generateNew(PredefinedDeterministicAeadParameters.AES256_SIV),
                    InsecureSecretKeyAccess.get());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> props(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static Mask.Value<SinkRecord> mask(String... kv) {
        Mask.Value<SinkRecord> t = new Mask.Value<>();
        t.configure(props(kv));
        return t;
    }

    static Unmask.Value<SinkRecord> unmask(String... kv) {
        Unmask.Value<SinkRecord> t = new Unmask.Value<>();
        t.configure(props(kv));
        return t;
    }

    static SinkRecord record(Schema schema, Object value) {
        return new SinkRecord("pg.public.customers", 0, null, null, schema, value, 3L);
    }

    static final Schema ADDRESS = SchemaBuilder.struct().name("address").optional()
            .field("street", Schema.OPTIONAL_STRING_SCHEMA)
            .field("zip", Schema.OPTIONAL_INT32_SCHEMA)
            .build();
    static final Schema CONTACT = SchemaBuilder.struct().name("contact").optional()
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    static final Schema ROW = SchemaBuilder.struct().name("pg.public.customers.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("phone", Schema.STRING_SCHEMA)
            .field("balance", Decimal.builder(2).optional().build())
            .field("born", Date.builder().optional().build())
            .field("seen", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").optional().build())
            .field("photo", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("vip", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("address", ADDRESS)
            .field("contacts", SchemaBuilder.array(CONTACT).optional().build())
            .build();

    static Struct row() {
        return new Struct(ROW).put("id", 7L).put("email", "ada@example.com").put("phone", "+44 20 7946 0000")
                .put("balance", new BigDecimal("12.50")).put("born", new java.util.Date(-86_400_000L))
                .put("seen", 1_709_288_130_123_456L).put("photo", new byte[] {1, 2, 3}).put("vip", true)
                .put("address", new Struct(ADDRESS).put("street", "12 Rue de la Paix").put("zip", 75002))
                .put("contacts", List.of(new Struct(CONTACT).put("email", "grace@example.com")));
    }

    static Struct masked(String... kv) {
        return (Struct) mask(kv).apply(record(ROW, row())).value();
    }

    // ------------------------------------------------------------------ GoldenGate and Canal

    /** Plain rows with some of Canal's keys (a DDL-history table; isDdl beside a secret) are masked as rows. */
    @Test
    void plainRowsWithSomeOfCanalsKeysAreMaskedAsRows() {
        Map<String, Object> truncateRow = new LinkedHashMap<>();
        truncateRow.put("id", 1L);
        truncateRow.put("database", "shop");
        truncateRow.put("table", "orders");
        truncateRow.put("type", "TRUNCATE");
        truncateRow.put("sql", "SECRET-by-alice@example.org");
        truncateRow.put("ts", 5L);
        Map<String, Object> isDdlRow = new LinkedHashMap<>();
        isDdlRow.put("id", 1L);
        isDdlRow.put("sql", "SECRET");
        isDdlRow.put("isDdl", true);
        Schema s = SchemaBuilder.struct()
                .field("id", Schema.INT64_SCHEMA).field("database", Schema.STRING_SCHEMA)
                .field("table", Schema.STRING_SCHEMA).field("type", Schema.STRING_SCHEMA)
                .field("sql", Schema.OPTIONAL_STRING_SCHEMA).field("ts", Schema.INT64_SCHEMA).build();
        Struct struct = new Struct(s).put("id", 1L).put("database", "shop").put("table", "orders")
                .put("type", "INSERT").put("sql", "SECRET-by-alice@example.org").put("ts", 5L);
        for (SinkRecord in : List.of(record(null, truncateRow), record(null, isDdlRow), record(s, struct))) {
            SinkRecord out = mask("fields", "sql").apply(in);
            String text = String.valueOf(out.value());
            assertFalse(text.contains("SECRET"), text);
            assertTrue(text.contains("id=1"), "the rest of the row is kept: " + text);
        }
    }

    /** A Canal Struct whose old rows have their own partial element schema: both lists are masked. */
    @Test
    void aCanalStructWhoseOldRowsHaveTheirOwnPartialSchemaIsMaskedInDataAndOld() {
        Schema oldRow = SchemaBuilder.struct().optional().field("email", Schema.OPTIONAL_STRING_SCHEMA).build();
        Schema s = SchemaBuilder.struct()
                .field("data", SchemaBuilder.array(FlatEnvelopes.ROW).optional().build())
                .field("database", Schema.STRING_SCHEMA).field("es", Schema.INT64_SCHEMA)
                .field("isDdl", Schema.BOOLEAN_SCHEMA)
                .field("old", SchemaBuilder.array(oldRow).optional().build())
                .field("table", Schema.STRING_SCHEMA).field("ts", Schema.INT64_SCHEMA)
                .field("type", Schema.STRING_SCHEMA).build();
        Struct v = new Struct(s).put("data", List.of(FlatEnvelopes.row(1, "Ada", "ada@example.org", "eu")))
                .put("database", "shop").put("es", FlatEnvelopes.ES).put("isDdl", false)
                .put("old", List.of(new Struct(oldRow).put("email", "old@example.org")))
                .put("table", "customers").put("ts", FlatEnvelopes.TS).put("type", "UPDATE");
        SinkRecord out = mask("fields", "name,email").apply(record(s, v));
        String text = String.valueOf(out.value());
        assertFalse(text.contains("Ada") || text.contains("ada@") || text.contains("old@"), text);
        assertEquals("customers", ((Struct) out.value()).get("table"), "the envelope is kept");
    }

    @Test
    void goldenGateAndCanalEventsAreMaskedInEveryRowImageSchemalessAndSchemad() {
        Mask.Value<SinkRecord> t = mask("fields", "email");
        String ada = FlatEnvelopes.rowJson(1, "Ada", "ada@example.org", "eu");
        String old = FlatEnvelopes.rowJson(1, "Ada", "old@example.org", "eu");
        List<SinkRecord> outs = List.of(
                t.apply(FlatEnvelopes.schemaless(FlatEnvelopes.goldenGateJson("U", old, ada))),
                t.apply(FlatEnvelopes.schemad(FlatEnvelopes.goldenGate("U",
                        FlatEnvelopes.row(1, "Ada", "old@example.org", "eu"),
                        FlatEnvelopes.row(1, "Ada", "ada@example.org", "eu")))),
                t.apply(FlatEnvelopes.schemaless(FlatEnvelopes.canalJson("UPDATE", "[" + ada + "]",
                        "[{\"email\":\"old@example.org\"}]"))),
                t.apply(FlatEnvelopes.schemad(FlatEnvelopes.canal("UPDATE",
                        List.of(FlatEnvelopes.row(1, "Ada", "ada@example.org", "eu")),
                        List.of(FlatEnvelopes.row(1, null, "old@example.org", null))))));
        for (SinkRecord out : outs) {
            String text = String.valueOf(out.value());
            assertFalse(text.contains("ada@example.org") || text.contains("old@example.org"), text);
            assertTrue(text.contains("Ada"), "other columns stay: " + text);
        }
        assertEquals("SHOP.CUSTOMERS", ((Struct) outs.get(1).value()).get("table"), "the envelope stays");
        assertEquals("UPDATE", ((Map<?, ?>) outs.get(2).value()).get("type"));
    }

    // ------------------------------------------------------------------ redact

    @Test
    void redactWritesANeutralValueOfEveryType() {
        Struct out = masked("fields", "email,phone,balance,born,seen,photo,vip,address,contacts[*].email");
        assertEquals("", out.get("email"));
        assertEquals("", out.get("phone"));
        assertEquals(new BigDecimal("0.00"), out.get("balance"), "a Decimal keeps its scale");
        assertEquals(new java.util.Date(0L), out.get("born"), "dates get redact.temporal, the epoch by default");
        assertEquals(0L, out.get("seen"));
        assertArrayEquals(new byte[0], (byte[]) out.get("photo"));
        assertEquals(false, out.get("vip"));
        assertEquals("", out.getStruct("address").get("street"), "a struct leaf by leaf");
        assertEquals(0, out.getStruct("address").get("zip"));
        assertEquals("", ((Struct) out.getArray("contacts").get(0)).get("email"));
        assertEquals(7L, out.get("id"), "not listed");
        assertEquals("redact", out.schema().field("email").schema().parameters().get(Maskers.MARK));
        assertEquals(ROW.field("balance").schema().parameters().get(Decimal.SCALE_FIELD),
                out.schema().field("balance").schema().parameters().get(Decimal.SCALE_FIELD));
    }

    /** Every temporal name gets the epoch in its own encoding; Decimals of any scale keep it. */
    @Test
    void redactKnowsEveryTemporalNameAndEveryDecimalScale() {
        for (io.cdckit.core.time.TemporalType t : io.cdckit.core.time.TemporalType.values()) {
            Schema field = SchemaBuilder.type(t.schemaType()).name(t.schemaName()).optional().build();
            Schema row = SchemaBuilder.struct().field("v", field).build();
            Object sample = t.encoding() == io.cdckit.core.time.TemporalType.Encoding.DATE_OBJECT
                    ? new java.util.Date(86_400_000L) : t.schemaType() == Schema.Type.STRING ? "2024-03-01"
                    : t.schemaType() == Schema.Type.INT32 ? (Object) 5 : (Object) 5L;
            Object out = ((Struct) mask("fields", "v").apply(record(row, new Struct(row).put("v", sample))).value())
                    .get("v");
            Object epoch;
            switch (t.kind()) {
                case DATE:
                    epoch = t.encoding() == io.cdckit.core.time.TemporalType.Encoding.DATE_OBJECT ? new java.util.Date(0L)
                            : t.schemaType() == Schema.Type.STRING ? "1970-01-01" : (Object) 0;
                    break;
                case TIME:
                case ZONED_TIME:
                    epoch = t.encoding() == io.cdckit.core.time.TemporalType.Encoding.DATE_OBJECT ? new java.util.Date(0L)
                            : t.schemaType() == Schema.Type.STRING ? (t.kind() == io.cdckit.core.time.TemporalType.Kind.ZONED_TIME
                            ? "00:00:00Z" : "00:00:00") : t.schemaType() == Schema.Type.INT32 ? (Object) 0 : (Object) 0L;
                    break;
                default:
                    epoch = t.encoding() == io.cdckit.core.time.TemporalType.Encoding.DATE_OBJECT ? new java.util.Date(0L)
                            : t.schemaType() == Schema.Type.STRING ? "1970-01-01T00:00:00Z" : (Object) 0L;
            }
            assertEquals(epoch, out, t.schemaName());
        }
        for (int scale : new int[] {0, 2, 5}) {
            Schema row = SchemaBuilder.struct().field("d", Decimal.builder(scale).build()).build();
            Object out = ((Struct) mask("fields", "d").apply(record(row, new Struct(row)
                    .put("d", new BigDecimal("123.45678").setScale(scale, java.math.RoundingMode.DOWN)))).value()).get("d");
            assertEquals(BigDecimal.ZERO.setScale(scale), out, "scale " + scale);
        }
    }

    @Test
    void aReplacementIsParsedIntoEachFieldsType() {
        Struct out = masked("fields", "email,balance", "replacement", "0");
        assertEquals("0", out.get("email"));
        assertEquals(new BigDecimal("0.00"), out.get("balance"));
        DataException e = assertThrows(DataException.class, () -> masked("fields", "vip", "replacement", "nope"));
        assertTrue(e.getMessage().contains("'vip'") && !e.getMessage().contains("nope"), e.getMessage());
        Struct temporal = masked("fields", "born,seen", "redact.temporal", "1900-01-01");
        assertEquals(java.util.Date.from(java.time.Instant.parse("1900-01-01T00:00:00Z")), temporal.get("born"));
        assertEquals(java.time.Instant.parse("1900-01-01T00:00:00Z").getEpochSecond() * 1_000_000L, temporal.get("seen"));
    }

    @Test
    void nullIsForOptionalFieldsOnly() {
        Struct out = masked("fields", "email", "mode", "null");
        assertNull(out.get("email"));
        DataException e = assertThrows(DataException.class, () -> masked("fields", "phone", "mode", "null"));
        assertTrue(e.getMessage().contains("'phone' is required"), e.getMessage());
    }

    // ------------------------------------------------------------------ partial, hash, hmac

    @Test
    void partialKeepsSomeCharactersButNeverHalf() {
        assertEquals("*********0000", new Partial(0, 4, '*', "").mask("+442079460000"));
        assertEquals("*** ** **** 0000", new Partial(0, 4, '*', "").mask("+44 20 7946 0000"), "whitespace stays");
        // 14 countable characters (@ and . are not): 1 first and 3 last stay
        assertEquals("a***@*******.com", new Partial(1, 3, '*', "@.").mask("adam@example.com"));
        assertEquals("**34", new Partial(0, 4, '*', "").mask("1234"), "a 4-character value shows half");
        assertEquals("*", new Partial(2, 2, '*', "").mask("x"));
        Struct out = masked("fields", "phone", "mode", "partial");
        assertEquals("*** ** **** 0000", out.get("phone"));
    }

    @Test
    void hashAndHmacAreDeterministicTokens() throws Exception {
        Struct hashed = masked("fields", "email", "mode", "hash", "salt", "pepper");
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update("pepper".getBytes(StandardCharsets.UTF_8));
        assertEquals(HexFormat.of().formatHex(md.digest("ada@example.com".getBytes(StandardCharsets.UTF_8))),
                hashed.get("email"));

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HexFormat.of().parseHex(HMAC_KEY), "HmacSHA256"));
        byte[] expected = mac.doFinal("ada@example.com".getBytes(StandardCharsets.UTF_8));
        Struct hmac = masked("fields", "email,contacts[*].email", "mode", "hmac", "hmac.key", HMAC_KEY);
        assertEquals("k1:" + HexFormat.of().formatHex(expected), hmac.get("email"));
        Struct base64 = masked("fields", "email", "mode", "hmac", "hmac.key", HMAC_KEY, "hmac.output", "base64",
                "hmac.key.id", "2026");
        assertEquals("2026:" + java.util.Base64.getEncoder().encodeToString(expected), base64.get("email"));
        String uuid = (String) masked("fields", "email", "mode", "hmac", "hmac.key", HMAC_KEY, "hmac.output", "uuid")
                .get("email");
        java.util.UUID u = java.util.UUID.fromString(uuid);
        assertEquals(5, u.version());
        assertEquals(2, u.variant());
        // the same email in another record and another field: the same token, so joins work
        Mask.Value<SinkRecord> t = mask("fields", "email,contacts[*].email", "mode", "hmac", "hmac.key", HMAC_KEY);
        Struct other = row().put("email", "grace@example.com");
        Struct out = (Struct) t.apply(record(ROW, other)).value();
        assertEquals(out.get("email"), ((Struct) out.getArray("contacts").get(0)).get("email"));
    }

    @Test
    void aModeThatCannotKeepTheTypeFailsUnlessTheSchemaMayChange() {
        DataException e = assertThrows(DataException.class, () -> masked("fields", "id", "mode", "hmac",
                "hmac.key", HMAC_KEY));
        assertTrue(e.getMessage().contains("'id'") && e.getMessage().contains("schema.change=allow"), e.getMessage());
        Struct out = masked("fields", "id,balance", "mode", "hash", "salt", "s", "schema.change", "allow");
        assertEquals(Schema.Type.STRING, out.schema().field("id").schema().type());
        assertTrue(out.schema().field("id").schema().isOptional());
        assertEquals(64, ((String) out.get("id")).length());
        // a pattern passes over the fields it cannot mask
        Struct patterned = masked("fields", "*", "mode", "partial");
        assertEquals(7L, patterned.get("id"));
        assertEquals("*** ** **** 0000", patterned.get("phone"));
    }

    // ------------------------------------------------------------------ encrypt and Unmask

    @Test
    void encryptIsDeterministicAndUnmaskGivesTheOriginalsBack() {
        String[] config = {"fields", "email,photo,address.street", "mode", "encrypt", "encrypt.keyset", KEYSET};
        Mask.Value<SinkRecord> m = mask(config);
        SinkRecord once = m.apply(record(ROW, row()));
        SinkRecord twice = m.apply(record(ROW, row()));
        Struct v = (Struct) once.value();
        assertNotEquals("ada@example.com", v.get("email"));
        assertEquals(v.get("email"), ((Struct) twice.value()).get("email"), "deterministic");
        assertFalse(java.util.Arrays.equals(new byte[] {1, 2, 3}, (byte[]) v.get("photo")));
        Struct back = (Struct) unmask(config).apply(once).value();
        assertEquals("ada@example.com", back.get("email"));
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) back.get("photo"));
        assertEquals("12 Rue de la Paix", back.getStruct("address").get("street"));
        assertNull(back.schema().field("email").schema().parameters(), "the mark is removed");
        // a changed ciphertext or another key fails, never gives garbage
        Struct tampered = (Struct) once.value();
        Struct copy = Envelopes.deepCopy(tampered).put("email", "AAAA" + ((String) tampered.get("email")).substring(4));
        DataException e = assertThrows(DataException.class, () -> unmask(config).apply(record(once.valueSchema(), copy)));
        assertTrue(e.getMessage().contains("'email'") && e.getMessage().contains("not a ciphertext"), e.getMessage());
        assertThrows(DataException.class, () -> unmask("fields", "email", "mode", "encrypt", "encrypt.keyset", keyset())
                .apply(once));
    }

    /**
     * UTF-8 has no form for half a surrogate pair: rather than enciphering a {@code ?} in its place
     * (Unmask would give back another string), encrypt fails the record naming the field. A whole
     * pair (an emoji) round-trips.
     */
    @Test
    void encryptRefusesALoneSurrogateAndRoundTripsAPair() {
        String[] config = {"fields", "email", "mode", "encrypt", "encrypt.keyset", KEYSET};
        for (String lone : List.of("ada\uD800", "\uDFFFada", "a\uDC69\uD83Db")) {
            SinkRecord in = record(ROW, row().put("email", lone));
            DataException e = assertThrows(DataException.class, () -> mask(config).apply(in));
            assertTrue(e.getMessage().contains("'email'") && e.getMessage().contains("lone surrogate")
                    && !e.getMessage().contains("ada"), e.getMessage());
        }
        String pair = "ada\uD83D\uDC69\u200D\uD83D\uDC67@example.com";
        SinkRecord masked = mask(config).apply(record(ROW, row().put("email", pair)));
        assertNotEquals(pair, ((Struct) masked.value()).get("email"));
        assertEquals(pair, ((Struct) unmask(config).apply(masked).value()).get("email"));
    }

    /** Rotation: a new primary key encrypts, the old key still decrypts what it made. */
    @Test
    void everyKeyOfTheKeysetDecrypts() throws Exception {
        KeysetHandle old = TinkJsonProtoKeysetFormat.parseKeyset(KEYSET, InsecureSecretKeyAccess.get());
        KeysetHandle rotated = KeysetHandle.newBuilder(old).addEntry(KeysetHandle.generateEntryFromParameters(
                PredefinedDeterministicAeadParameters.AES256_SIV).withRandomId().makePrimary()).build();
        String rotatedJson = TinkJsonProtoKeysetFormat.serializeKeyset(rotated, InsecureSecretKeyAccess.get());
        SinkRecord before = mask("fields", "email", "mode", "encrypt", "encrypt.keyset", KEYSET).apply(record(ROW, row()));
        SinkRecord after = mask("fields", "email", "mode", "encrypt", "encrypt.keyset", rotatedJson)
                .apply(record(ROW, row()));
        assertNotEquals(((Struct) before.value()).get("email"), ((Struct) after.value()).get("email"),
                "the new primary encrypts");
        Unmask.Value<SinkRecord> u = unmask("fields", "email", "mode", "encrypt", "encrypt.keyset", rotatedJson);
        assertEquals("ada@example.com", ((Struct) u.apply(before).value()).get("email"), "the old key still decrypts");
        assertEquals("ada@example.com", ((Struct) u.apply(after).value()).get("email"));
    }

    // ------------------------------------------------------------------ fpe

    static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            sum += i % 2 == 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
        }
        return sum % 10 == 0;
    }

    @Test
    void fpeKeepsTheFormatAndUnmaskReversesIt() {
        Schema schema = SchemaBuilder.struct().name("payment")
                .field("card", Schema.STRING_SCHEMA)
                .field("account", Schema.INT64_SCHEMA)
                .field("pin", Schema.OPTIONAL_INT32_SCHEMA)
                .field("branch", Schema.OPTIONAL_INT32_SCHEMA)
                .build();
        Struct in = new Struct(schema).put("card", "4111-1111-1111-1111").put("account", 1_234_567_890_123L)
                .put("pin", 1_999_999_999).put("branch", 42);
        String[] config = {"fields", "card,account,pin,branch", "mode", "fpe", "fpe.key", FPE_KEY, "alphabet",
            "digits", "fpe.luhn", "true", "fpe.keep.last", "4"};
        SinkRecord out = mask(config).apply(record(schema, in));
        Struct v = (Struct) out.value();
        String card = v.getString("card");
        assertTrue(card.matches("\\d{4}-\\d{4}-\\d{4}-1111"), "separators in place, the last four kept: " + card);
        assertNotEquals("4111-1111-1111-1111", card);
        assertTrue(luhn(card.replace("-", "")), "still Luhn-valid");
        long account = v.getInt64("account");
        assertEquals(13, Long.toString(account).length(), "an integer keeps its digit count");
        int pin = v.getInt32("pin");
        assertEquals(10, Integer.toString(pin).length(), "an int32 stays within int32");
        assertEquals(0, v.get("branch"), "too short for the domain: redacted, never in clear");
        assertEquals(card, ((Struct) mask(config).apply(record(schema, in)).value()).getString("card"), "deterministic");
        Struct back = (Struct) unmask(config).apply(out).value();
        assertEquals("4111-1111-1111-1111", back.get("card"));
        assertEquals(1_234_567_890_123L, back.get("account"));
        assertEquals(1_999_999_999, back.get("pin"));
        DataException e = assertThrows(DataException.class, () -> mask("fields", "branch", "mode", "fpe", "fpe.key",
                FPE_KEY, "fpe.too.short", "fail").apply(record(schema, in)));
        assertTrue(e.getMessage().contains("too short") && !e.getMessage().contains("42"), e.getMessage());
    }

    // ------------------------------------------------------------------ scope: envelopes, schemaless, key, headers

    static final Schema IMAGE = SchemaBuilder.struct().name("pg.public.customers.Value").optional()
            .field("id", Schema.INT64_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    static final Schema ENVELOPE = Envelopes.envelopeSchema("pg.public.customers", IMAGE);

    @Test
    void rowScopeMasksBothImagesAndTheToastPlaceholderAndNullsPass() {
        Struct before = new Struct(IMAGE).put("id", 1L).put("email", "ada@example.com");
        Struct after = new Struct(IMAGE).put("id", 1L).put("email", MaskConfig.DEFAULT_PLACEHOLDER);
        Struct event = Envelopes.event(ENVELOPE, "u", before, after, 3, true);
        Struct out = (Struct) mask("fields", "email", "mode", "hmac", "hmac.key", HMAC_KEY)
                .apply(record(ENVELOPE, event)).value();
        assertTrue(out.getStruct("before").getString("email").startsWith("k1:"));
        assertEquals(MaskConfig.DEFAULT_PLACEHOLDER, out.getStruct("after").get("email"), "never masked");
        Struct delete = Envelopes.event(ENVELOPE, "d", new Struct(IMAGE).put("id", 2L), null, 4, true);
        Struct d = (Struct) mask("fields", "email").apply(record(ENVELOPE, delete)).value();
        assertNull(d.getStruct("before").get("email"), "a null stays null");
        SinkRecord tombstone = record(null, null);
        assertSame(tombstone, mask("fields", "email").apply(tombstone));
    }

    @Test
    void schemalessRowsAreMaskedByTheirValuesClass() {
        Map<String, Object> address = new LinkedHashMap<>(Map.of("street", "12 Rue de la Paix", "zip", 75002L));
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("id", 7L);
        in.put("email", "ada@example.com");
        in.put("address", address);
        in.put("card", 4111111111111111L);
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) mask("fields", "address", "field.modes",
                "email:hmac,id:hash", "hmac.key", HMAC_KEY, "salt", "s").apply(record(null, in)).value();
        assertEquals(Map.of("street", "", "zip", 0L), out.get("address"));
        assertTrue(((String) out.get("email")).startsWith("k1:"));
        assertEquals(64, ((String) out.get("id")).length(), "schemaless: the type may change");
        assertEquals("ada@example.com", in.get("email"), "the input is never changed");
        Map<String, Object> event = Envelopes.schemaless(Envelopes.event(ENVELOPE, "u",
                new Struct(IMAGE).put("id", 1L).put("email", "a@b.c"), new Struct(IMAGE).put("id", 1L)
                        .put("email", "d@e.f"), 3, false));
        @SuppressWarnings("unchecked")
        Map<String, Object> masked = (Map<String, Object>) mask("fields", "email", "mode", "partial")
                .apply(record(null, event)).value();
        // 3 countable characters: one may stay visible, the last
        assertEquals("*@*.c", ((Map<?, ?>) masked.get("before")).get("email"), "both images");
        assertEquals("*@*.f", ((Map<?, ?>) masked.get("after")).get("email"));
    }

    @Test
    void theKeySideAndHeaders() {
        Schema key = SchemaBuilder.struct().name("key").field("email", Schema.STRING_SCHEMA).build();
        Mask.Key<SinkRecord> k = new Mask.Key<>();
        k.configure(props("fields", "email", "mode", "hmac", "hmac.key", HMAC_KEY, "headers",
                "__debezium.oldkey,tenant"));
        ConnectHeaders headers = new ConnectHeaders();
        headers.add("__debezium.oldkey", new Struct(key).put("email", "old@example.com"), key);
        headers.addString("tenant", "ada@example.com");
        headers.addString("other", "kept");
        SinkRecord r = new SinkRecord("t", 0, key, new Struct(key).put("email", "ada@example.com"), null, null, 1L,
                null, org.apache.kafka.common.record.TimestampType.NO_TIMESTAMP_TYPE, headers);
        SinkRecord out = k.apply(r);
        String token = ((Struct) out.key()).getString("email");
        assertTrue(token.startsWith("k1:"));
        assertTrue(((Struct) out.headers().lastWithName("__debezium.oldkey").value()).getString("email")
                .startsWith("k1:"), "a Struct header at the paths of fields");
        assertEquals(token, out.headers().lastWithName("tenant").value(), "a string header as a whole");
        assertEquals("kept", out.headers().lastWithName("other").value());
        assertEquals("old@example.com", ((Struct) r.headers().lastWithName("__debezium.oldkey").value())
                .getString("email"), "the input's headers are not changed");
        // after a hop through Kafka a Struct header is a Map (SimpleHeaderConverter): masked, and Unmask reverses it
        String[] config = {"fields", "email", "mode", "encrypt", "encrypt.keyset", KEYSET, "headers", "__debezium.oldkey"};
        Mask.Value<SinkRecord> m = mask(config);
        ConnectHeaders map = new ConnectHeaders();
        map.add("__debezium.oldkey", new LinkedHashMap<>(Map.of("id", 3, "email", "old@example.com")),
                SchemaBuilder.map(Schema.STRING_SCHEMA, SchemaBuilder.struct().optional().build()).optional().build());
        SinkRecord hop = new SinkRecord("t", 0, null, null, null, null, 1L, null,
                org.apache.kafka.common.record.TimestampType.NO_TIMESTAMP_TYPE, map);
        SinkRecord masked = m.apply(hop);
        Object header = ((Map<?, ?>) masked.headers().lastWithName("__debezium.oldkey").value()).get("email");
        assertNotEquals("old@example.com", header);
        assertEquals("old@example.com", ((Map<?, ?>) unmask(config).apply(masked).headers()
                .lastWithName("__debezium.oldkey").value()).get("email"));
    }

    // ------------------------------------------------------------------ content detection

    static final Schema NOTES = SchemaBuilder.struct().name("notes")
            .field("id", Schema.INT64_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("text", Schema.OPTIONAL_STRING_SCHEMA)
            .field("meta", SchemaBuilder.struct().optional().field("comment", Schema.OPTIONAL_STRING_SCHEMA).build())
            .field("lines", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .build();

    static Struct notes() {
        return new Struct(NOTES).put("id", 1L).put("email", "ada@example.com")
                .put("text", "call +47 912 34 567 today or mail ada@example.com")
                .put("meta", new Struct(NOTES.field("meta").schema()).put("comment", "card 4111 1111 1111 1111 on file"))
                .put("lines", List.of("from 192.168.1.20", "nothing here"));
    }

    @Test
    void detectionReplacesWhatItFindsInsideEveryStringFieldAndKeepsTheRest() {
        Struct out = (Struct) mask("fields", "email", "mode", "hmac", "hmac.key", HMAC_KEY,
                "detect", "email,phone,card,ipv4").apply(record(NOTES, notes())).value();
        assertEquals("call ************** today or mail ***************", out.get("text"));
        assertEquals("card ******************* on file", out.getStruct("meta").get("comment"), "at any depth");
        assertEquals(List.of("from ************", "nothing here"), out.getArray("lines"), "in arrays");
        assertTrue(out.getString("email").startsWith("k1:"), "a listed field gets its mode, not detection");
        Struct tokens = (Struct) mask("detect", "email", "detect.mode", "hmac", "hmac.key", HMAC_KEY,
                "detect.fields", "text").apply(record(NOTES, notes())).value();
        String token = tokens.getString("text").substring("call +47 912 34 567 today or mail ".length());
        assertTrue(token.startsWith("k1:") && token.length() == 3 + 64, token);
        assertEquals("ada@example.com", tokens.get("email"), "detect.fields: only those");
        @SuppressWarnings("unchecked")
        Map<String, Object> schemaless = (Map<String, Object>) mask("detect", "email").apply(record(null,
                new LinkedHashMap<>(Map.of("note", "write to grace@example.com", "n", 3L)))).value();
        assertEquals(Map.of("note", "write to *****************", "n", 3L), schemaless);
        ConfigException e = assertThrows(ConfigException.class, () -> mask("detect", "ssn"));
        assertTrue(e.getMessage().contains("detect"), e.getMessage());
        assertThrows(ConfigException.class, () -> mask("detect", "phone", "detect.phone.region", "XX"));
    }

    @Test
    void aMissingFieldIsSkippedOrFailsTheRecordsOfThatSchema() {
        Struct out = masked("fields", "email,nickname");
        assertEquals("", out.get("email"), "one configuration serves many tables");
        DataException e = assertThrows(DataException.class, () -> masked("fields", "email,nickname",
                "missing.fields", "fail"));
        assertTrue(e.getMessage().contains("nickname"), e.getMessage());
    }

    @Test
    void tokensAndCiphertextsAreTheSameForEveryInstanceOfAConfiguration() {
        String[] config = {"field.modes", "email:hmac,phone:encrypt", "hmac.key", HMAC_KEY, "encrypt.keyset", KEYSET};
        Struct a = (Struct) mask(config).apply(record(ROW, row())).value();
        Struct b = (Struct) mask(config).apply(record(ROW, row())).value();
        assertEquals(a.get("email"), b.get("email"), "another task, or a restart: the same token");
        assertEquals(a.get("phone"), b.get("phone"));
        Struct other = (Struct) mask("field.modes", "email:hmac", "hmac.key",
                HMAC_KEY.replace('0', '1')).apply(record(ROW, row())).value();
        assertNotEquals(a.get("email"), other.get("email"), "another key, another token");
    }

    // ------------------------------------------------------------------ from review

    @Test
    void ff31WithoutATweakUsesZeros() {
        String[] config = {"fields", "card", "mode", "fpe", "fpe.key", FPE_KEY, "fpe.algorithm", "ff3-1", "alphabet",
            "digits"};
        assertTrue(new Mask.Value<SinkRecord>().config().validate(props(config)).stream()
                .allMatch(v -> v.errorMessages().isEmpty()), "validate accepts it");
        Schema row = SchemaBuilder.struct().field("card", Schema.STRING_SCHEMA).build();
        SinkRecord out = mask(config).apply(record(row, new Struct(row).put("card", "4111111111111111")));
        assertEquals("4111111111111111", ((Struct) unmask(config).apply(out).value()).get("card"));
    }

    @Test
    void aFieldInsideArraysIsNamedLiterallyAndNeverLeftInClear() {
        Schema item = SchemaBuilder.struct().name("item").field("ssn", Schema.INT64_SCHEMA).build();
        Schema row = SchemaBuilder.struct().field("items", SchemaBuilder.array(item).build()).build();
        Struct in = new Struct(row).put("items", List.of(new Struct(item).put("ssn", 123_456_789L)));
        DataException e = assertThrows(DataException.class, () -> mask("fields", "items[*].ssn", "mode", "hmac",
                "hmac.key", HMAC_KEY).apply(record(row, in)));
        assertTrue(e.getMessage().contains("schema.change=allow") && !e.getMessage().contains("123456789"),
                e.getMessage());
    }

    @Test
    void aMaskedHeaderOfAnotherTypeGetsItsNewSchemaAndKeepsItsPlace() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("a", "first");
        headers.addLong("ssn", 123_456_789L);
        headers.addString("b", "last");
        SinkRecord r = new SinkRecord("t", 0, null, null, null, null, 1L, null,
                org.apache.kafka.common.record.TimestampType.NO_TIMESTAMP_TYPE, headers);
        SinkRecord out = mask("headers", "ssn", "mode", "hmac", "hmac.key", HMAC_KEY, "schema.change", "allow").apply(r);
        List<String> order = new java.util.ArrayList<>();
        out.headers().forEach(h -> order.add(h.key()));
        assertEquals(List.of("a", "ssn", "b"), order);
        assertEquals(Schema.Type.STRING, out.headers().lastWithName("ssn").schema().type());
        assertTrue(((String) out.headers().lastWithName("ssn").value()).startsWith("k1:"));
    }

    @Test
    void aRequiredFieldLeftUnsetIsItsMaskedDefault() {
        Schema row = SchemaBuilder.struct().field("e", SchemaBuilder.string().defaultValue("ada@example.com").build())
                .build();
        Struct out = (Struct) mask("fields", "e", "mode", "partial").apply(record(row, new Struct(row))).value();
        assertEquals("***@******e.com", out.get("e"));
        assertEquals("***@******e.com", out.schema().field("e").schema().defaultValue(), "the default is masked too");
    }

    @Test
    void detectionScansJsonColumnsAndSchemalessIntegersKeepTheirValueThroughAHop() {
        Schema row = SchemaBuilder.struct().field("doc", SchemaBuilder.string().name("io.debezium.data.Json")
                .optional().build()).build();
        Struct out = (Struct) mask("detect", "email").apply(record(row,
                new Struct(row).put("doc", "{\"email\":\"ada@example.com\"}"))).value();
        assertEquals("{\"email\":\"***************\"}", out.get("doc"));
        String[] config = {"fields", "pin", "mode", "fpe", "fpe.key", FPE_KEY, "alphabet", "digits"};
        Map<String, Object> in = new LinkedHashMap<>(Map.of("pin", 1_000_000_123));
        @SuppressWarnings("unchecked")
        Map<String, Object> masked = (Map<String, Object>) mask(config).apply(record(null, in)).value();
        Object token = masked.get("pin");
        assertTrue(token instanceof Long, "schemaless: a long, as JSON reads it back");
        Map<String, Object> readBack = new LinkedHashMap<>(Map.of("pin", token));
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) unmask(config).apply(record(null, readBack)).value();
        assertEquals(1_000_000_123L, back.get("pin"));
    }

    @Test
    void redactWritesFreshMutableValues() {
        Mask.Value<SinkRecord> t = mask("fields", "born");
        Object a = ((Struct) t.apply(record(ROW, row())).value()).get("born");
        Object b = ((Struct) t.apply(record(ROW, row())).value()).get("born");
        assertEquals(a, b);
        assertNotSame(a, b, "a java.util.Date is mutable: one per record");
    }

    // ------------------------------------------------------------------ configuration

    @Test
    void configurationMistakesNameTheKeyAndNeverTheSecret() {
        Map<String, String[]> bad = new LinkedHashMap<>();
        bad.put("hmac.key", new String[] {"fields", "email", "mode", "hmac"});
        bad.put("hmac.key ", new String[] {"hmac.key", "abc"});
        bad.put("salt", new String[] {"field.modes", "email:hash"});
        bad.put("encrypt.keyset", new String[] {"encrypt.keyset", "{\"not\": \"a keyset\"}"});
        bad.put("fpe.key", new String[] {"fpe.key", "00ff"});
        bad.put("field.modes", new String[] {"field.modes", "email:scramble"});
        bad.put("hash.output", new String[] {"hash.output", "uuid"});
        bad.put("fpe.algorithm", new String[] {"fpe.algorithm", "ff2"});
        bad.put("mask.char", new String[] {"mask.char", "**"});
        bad.put("redact.temporal", new String[] {"redact.temporal", "yesterday"});
        bad.put("alphabet", new String[] {"alphabet", "a"});
        bad.put("fpe.tweak", new String[] {"fpe.tweak", "xyz"});
        bad.put("fpe.luhn", new String[] {"fields", "card", "mode", "fpe", "fpe.key", FPE_KEY, "fpe.luhn", "true"});
        bad.put("redact.temporal ", new String[] {"redact.temporal", "3000-01-01"});
        for (Map.Entry<String, String[]> b : bad.entrySet()) {
            ConfigException e = assertThrows(ConfigException.class, () -> mask(b.getValue()), b.getKey());
            assertTrue(e.getMessage().contains(b.getKey().trim()), e.getMessage());
            assertFalse(e.getMessage().contains("00ff") || e.getMessage().contains("abc"), e.getMessage());
        }
    }

    /** The contract every cdckit transform keeps. */
    @Nested
    class Contract extends TransformContract {
        @Override
        protected Transformation<SinkRecord> newTransform() {
            return new Mask.Value<>();
        }

        @Override
        protected Map<String, String> config() {
            return props("fields", "address.street", "field.modes", "email:hmac,phone:partial", "hmac.key", HMAC_KEY,
                    "headers", "tenant");
        }

        @Override
        protected List<SinkRecord> records() {
            return List.of(record(ROW, row()), record(ENVELOPE, Envelopes.event(ENVELOPE, "u",
                    new Struct(IMAGE).put("id", 1L).put("email", "ada@example.com"),
                    new Struct(IMAGE).put("id", 1L).put("email", "grace@example.com"), 3, true)));
        }
    }
}
