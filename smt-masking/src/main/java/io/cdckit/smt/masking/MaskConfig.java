package io.cdckit.smt.masking;

import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.ConfigRule;
import io.cdckit.core.config.Validators;
import io.cdckit.core.path.PathMapping;
import io.cdckit.core.row.EnvelopeMode;
import io.cdckit.smt.masking.detect.ContentScanner;
import io.cdckit.smt.masking.detect.Detector;
import io.cdckit.smt.masking.fpe.Alphabet;
import io.cdckit.smt.masking.fpe.FpeAlgorithm;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The configuration Mask and Unmask share (so one map works for both): which fields and headers,
 * each mode's options and secrets, and the rules Connect's validate shows (a mode in use needs its
 * secret, a format that only {@code hmac} has, ...). Secrets are PASSWORD keys: never shown.
 */
final class MaskConfig {

    static final String FIELDS = "fields";
    static final String HEADERS = "headers";
    static final String MODE = "mode";
    static final String FIELD_MODES = "field.modes";
    static final String REPLACEMENT = "replacement";
    static final String REDACT_TEMPORAL = "redact.temporal";
    static final String KEEP_FIRST = "keep.first";
    static final String KEEP_LAST = "keep.last";
    static final String MASK_CHAR = "mask.char";
    static final String KEEP_CHARS = "keep.chars";
    static final String SALT = "salt";
    static final String HASH_OUTPUT = "hash.output";
    static final String HMAC_KEY = "hmac.key";
    static final String HMAC_KEY_ID = "hmac.key.id";
    static final String HMAC_OUTPUT = "hmac.output";
    static final String ENCRYPT_KEYSET = "encrypt.keyset";
    static final String FPE_ALGORITHM = "fpe.algorithm";
    static final String FPE_KEY = "fpe.key";
    static final String FPE_TWEAK = "fpe.tweak";
    static final String ALPHABET = "alphabet";
    static final String FPE_LUHN = "fpe.luhn";
    static final String FPE_KEEP_LAST = "fpe.keep.last";
    static final String FPE_TOO_SHORT = "fpe.too.short";
    static final String SCHEMA_CHANGE = "schema.change";
    static final String MISSING_FIELDS = "missing.fields";
    static final String MARK_SCHEMA = "mark.schema";
    static final String PLACEHOLDER = "unavailable.value.placeholder";
    static final String DETECT = "detect";
    static final String DETECT_FIELDS = "detect.fields";
    static final String DETECT_MODE = "detect.mode";
    static final String DETECT_PHONE_REGION = "detect.phone.region";

    static final String DEFAULT_PLACEHOLDER = "__debezium_unavailable_value";

    /** The range every temporal encoding holds: epoch nanoseconds in a long, so 1677-09-22 to 2262-04-11. */
    private static final Instant FIRST = Instant.ofEpochSecond(Long.MIN_VALUE / 1_000_000_000L + 1);
    private static final Instant LAST = Instant.ofEpochSecond(Long.MAX_VALUE / 1_000_000_000L - 1);

    private MaskConfig() {
    }

    static final ConfigDef CONFIG_DEF = ConfigKeys.define()
            .fieldPaths(FIELDS, "The fields to mask with mode, as paths and patterns: email, address.phone, "
                    + "items[*].email, *email*, `a.b`. In row scope (envelope.mode) both images of a change event: "
                    + "email masks before.email and after.email.")
            .importance(ConfigDef.Importance.HIGH)
            .list(HEADERS, "Header names whose values are masked with mode too: a string header as a whole, a "
                    + "Struct header (Debezium's __debezium.oldkey) at the paths of fields.")
            .importance(ConfigDef.Importance.MEDIUM)
            .choice(MODE, MaskMode.class, MaskMode.REDACT, "How the fields are masked: redact (a neutral value of "
                    + "the type, or replacement), null (optional fields only), partial, hash (salted SHA-256), hmac "
                    + "(keyed token, deterministic), encrypt (deterministic AES256_SIV, reversible by Unmask), fpe "
                    + "(format-preserving, reversible by Unmask).")
            .importance(ConfigDef.Importance.HIGH)
            .pathMappings(FIELD_MODES, "list of path:mode", MaskConfig::modeProblem, "Per-field modes over mode, as "
                    + "path:mode: card:fpe,email:hmac,phone:partial; a path here is masked even if fields does not "
                    + "list it.")
            .importance(ConfigDef.Importance.HIGH)
            .string(REPLACEMENT, null, "redact: the value written instead, parsed into each field's type (an "
                    + "unparsable one fails naming the field); unset: \"\", 0, false, empty bytes, empty array or map, "
                    + "a Decimal zero at its scale.")
            .importance(ConfigDef.Importance.MEDIUM)
            .string(REDACT_TEMPORAL, "1970-01-01T00:00:00Z", "redact: what dates, times and timestamps of every Connect "
                    + "and Debezium name become, as an ISO-8601 instant or date (UTC), in each field's own encoding.")
            .validator(Validators.explained("an ISO-8601 instant or date", v -> temporalProblem(String.valueOf(v))))
            .importance(ConfigDef.Importance.LOW)
            .integer(KEEP_FIRST, 0, 0, 1_000, "partial: leading characters kept; never more than half of a value stays "
                    + "visible (keep.last gives way first).")
            .importance(ConfigDef.Importance.MEDIUM)
            .integer(KEEP_LAST, 4, 0, 1_000, "partial: trailing characters kept.")
            .importance(ConfigDef.Importance.MEDIUM)
            .integer(FPE_KEEP_LAST, 0, 0, 1_000, "fpe: trailing characters of the alphabet left in clear, not "
                    + "enciphered (4: a card's last four).")
            .importance(ConfigDef.Importance.MEDIUM)
            .string(MASK_CHAR, "*", "partial: the character masked characters become.")
            .validator(Validators.explained("one character", v -> String.valueOf(v).length() == 1 ? null
                    : "must be one character"))
            .importance(ConfigDef.Importance.LOW)
            .string(KEEP_CHARS, "@.-_", "partial: characters that stay in place and are not counted, as whitespace "
                    + "does, so that formats show: j***@*******.com, *** ** **** 0000.")
            .importance(ConfigDef.Importance.LOW)
            .password(SALT, "hash: the salt put before each value.")
            .rule(values -> secretFor(values, SALT, MaskMode.HASH))
            .choice(HASH_OUTPUT, HashOutput.class, HashOutput.HEX, "hash: how the digest is written.")
            .importance(ConfigDef.Importance.LOW)
            .password(HMAC_KEY, "hmac: the key, 16 to 64 bytes as hex digits.")
            .validator(Validators.hexSecret("16 to 64", n -> n >= 16 && n <= 64))
            .rule(values -> secretFor(values, HMAC_KEY, MaskMode.HMAC))
            .string(HMAC_KEY_ID, "k1", "hmac: the key's id, written before hex and base64 tokens (k1:...), so that "
                    + "keys can rotate.")
            .validator(Validators.explained("a short id without ':'", v -> String.valueOf(v).isBlank()
                    || String.valueOf(v).contains(":") ? "must be a non-empty id without ':'" : null))
            .importance(ConfigDef.Importance.LOW)
            .choice(HMAC_OUTPUT, TokenFormat.class, TokenFormat.HEX, "hmac: hex or base64 (with the key id prefix), or "
                    + "uuid (an RFC 4122 name-based UUID from the MAC, no prefix).")
            .importance(ConfigDef.Importance.LOW)
            .password(ENCRYPT_KEYSET, "encrypt: a Tink JSON keyset of AES256_SIV keys (usually a ${file:...} "
                    + "reference); every key decrypts, the primary encrypts.")
            .validator(Validators.explained("a Tink JSON keyset", v -> keysetProblem(v)))
            .rule(values -> secretFor(values, ENCRYPT_KEYSET, MaskMode.ENCRYPT))
            .choice(FPE_ALGORITHM, FpeAlgorithm.class, FpeAlgorithm.FF1, "fpe: ff1 (NIST SP 800-38G) or ff3-1 (its "
                    + "revision; NIST has since proposed withdrawing FF3-1, so prefer ff1).")
            .importance(ConfigDef.Importance.LOW)
            .password(FPE_KEY, "fpe: the AES key, 16, 24 or 32 bytes as hex digits.")
            .validator(Validators.hexSecret("16, 24 or 32", n -> n == 16 || n == 24 || n == 32))
            .rule(values -> secretFor(values, FPE_KEY, MaskMode.FPE))
            .string(FPE_TWEAK, "", "fpe: the tweak as hex digits (ff1: any length; ff3-1: 7 bytes, empty for zeros).")
            .validator(Validators.explained("hex digits", v -> String.valueOf(v).trim().matches("([0-9a-fA-F]{2})*")
                    ? null : "must be hex digits (two per byte)"))
            .rule(values -> {
                String tweak = values.string(FPE_TWEAK);
                return values.choice(FPE_ALGORITHM, FpeAlgorithm.class) == FpeAlgorithm.FF3_1 && tweak != null
                        && !tweak.isBlank() && tweak.trim().length() != 14 ? "must be 7 bytes (14 hex digits) for ff3-1"
                        : null;
            })
            .importance(ConfigDef.Importance.LOW)
            .string(ALPHABET, "alphanumeric", "fpe: the characters enciphered (others stay in place): digits, "
                    + "alphanumeric, lowercase, uppercase, or the characters themselves (at least two, distinct).")
            .validator(Validators.explained("an alphabet", v -> alphabetProblem(String.valueOf(v))))
            .importance(ConfigDef.Importance.LOW)
            .bool(FPE_LUHN, false, "fpe: a Luhn-valid card number stays Luhn-valid (an alphabet of the 10 digits).")
            .rule(values -> values.bool(FPE_LUHN, false) && modesInUse(values).contains(MaskMode.FPE)
                    && !luhnAlphabet(values.string(ALPHABET)) ? "needs alphabet=digits (Luhn is about decimal digits)"
                    : null)
            .importance(ConfigDef.Importance.LOW)
            .choice(FPE_TOO_SHORT, TooShort.class, TooShort.REDACT, "fpe: what a value too short for the cipher's "
                    + "domain (fewer than 10^6 combinations) does: redact (never in clear) or fail.")
            .importance(ConfigDef.Importance.LOW)
            .choice(SCHEMA_CHANGE, SchemaChange.class, SchemaChange.FAIL, "What a mode that cannot keep a field's type "
                    + "(hmac on an int64) does: fail (the records of that schema fail naming the field) or allow (the "
                    + "field becomes an optional string).")
            .importance(ConfigDef.Importance.MEDIUM)
            .choice(MISSING_FIELDS, MissingFields.class, MissingFields.IGNORE, "What a literal path a row schema lacks "
                    + "does: ignore (skipped, a warning once per schema: one configuration serves many tables) or fail.")
            .importance(ConfigDef.Importance.LOW)
            .bool(MARK_SCHEMA, true, "Whether masked fields get the schema parameter " + Maskers.MARK + "=<mode>.")
            .importance(ConfigDef.Importance.LOW)
            .string(PLACEHOLDER, DEFAULT_PLACEHOLDER, "Debezium's placeholder for an unchanged TOASTed value (its "
                    + "unavailable.value.placeholder), never masked.")
            .importance(ConfigDef.Importance.LOW)
            .list(DETECT, "Content detection in free text: what to find inside string fields, as a list of email, "
                    + "phone, card (Luhn-valid 13 to 19 digits), iban (checksum), ipv4, ipv6; each match becomes what "
                    + "detect.mode makes of it, the rest of the text stays.")
            .validator(Validators.explained("a list of email, phone, card, iban, ipv4, ipv6", v -> detectorsProblem(v)))
            .importance(ConfigDef.Importance.MEDIUM)
            .fieldPaths(DETECT_FIELDS, "The string fields detect scans, as paths and patterns; empty: every plain "
                    + "string field at any depth that fields and field.modes do not mask (schemaless: every top-level "
                    + "string value).")
            .importance(ConfigDef.Importance.MEDIUM)
            .choice(DETECT_MODE, MaskMode.class, MaskMode.REDACT, "What a detected match becomes: redact (mask.char for "
                    + "each of its characters), partial, hash, hmac, encrypt, fpe (with those modes' options).")
            .rule(values -> values.choice(DETECT_MODE, MaskMode.class) == MaskMode.NULL
                    ? "must not be null: a match inside a text cannot be null" : null)
            .importance(ConfigDef.Importance.LOW)
            .string(DETECT_PHONE_REGION, null, "detect phone: the region (ISO 3166 code: US, NO, DE) of numbers written "
                    + "without a +country code; unset: only numbers with one are found.")
            .validator(Validators.explained("an ISO 3166 region code", v -> phoneRegionProblem(v)))
            .importance(ConfigDef.Importance.LOW)
            .with(EnvelopeMode::declare)
            .build();

    // ------------------------------------------------------------------ rules

    private static String detectorsProblem(Object v) {
        if (!(v instanceof List<?> list)) {
            return "must be a list";
        }
        for (Object o : list) {
            if (detector(String.valueOf(o)) == null) {
                return "entry '" + o + "' must be one of " + Validators.configValues(Detector.class);
            }
        }
        return null;
    }

    static Detector detector(String text) {
        for (Detector d : Detector.values()) {
            if (d.matches(text)) {
                return d;
            }
        }
        return null;
    }

    private static String phoneRegionProblem(Object v) {
        try {
            ContentScanner.of(EnumSet.of(Detector.PHONE), String.valueOf(v));
            return null;
        } catch (IllegalArgumentException e) {
            return "is not a region libphonenumber knows (an ISO 3166 code such as US, NO, DE)";
        }
    }

    private static String modeProblem(String mode) {
        for (MaskMode m : MaskMode.values()) {
            if (m.matches(mode)) {
                return null;
            }
        }
        return "the mode must be one of " + Validators.configValues(MaskMode.class);
    }

    /** The modes the configuration uses. */
    static Set<MaskMode> modesInUse(ConfigRule.Values values) {
        Set<MaskMode> modes = EnumSet.noneOf(MaskMode.class);
        MaskMode detectMode = values.choice(DETECT_MODE, MaskMode.class);
        if (detectMode != null && !values.list(DETECT).isEmpty()) {
            modes.add(detectMode);
        }
        MaskMode mode = values.choice(MODE, MaskMode.class);
        if (mode != null && (!values.list(FIELDS).isEmpty() || !values.list(HEADERS).isEmpty())) {
            modes.add(mode);
        }
        List<PathMapping> entries = values.pathMappings(FIELD_MODES);
        for (PathMapping e : entries == null ? List.<PathMapping>of() : entries) {
            for (MaskMode m : MaskMode.values()) {
                if (m.matches(e.target())) {
                    modes.add(m);
                }
            }
        }
        return modes;
    }

    private static String secretFor(ConfigRule.Values values, String key, MaskMode mode) {
        return values.get(key) == null && modesInUse(values).contains(mode)
                ? "must be set: mode " + mode.configValue() + " is in use" : null;
    }

    private static String keysetProblem(Object v) {
        String json = v instanceof Password p ? p.value() : String.valueOf(v);
        try {
            Encryption.of(json);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String alphabetProblem(String text) {
        try {
            Alphabet.named(text);
            return null;
        } catch (IllegalArgumentException e) {
            return "must be digits, alphanumeric, lowercase, uppercase, or at least two distinct characters";
        }
    }

    private static boolean luhnAlphabet(String alphabet) {
        try {
            return alphabet != null && Alphabet.named(alphabet).radix() == 10;
        } catch (IllegalArgumentException e) {
            return true; // the alphabet's own validator says what is wrong
        }
    }

    private static String temporalProblem(String text) {
        Instant i = instant(text);
        if (i == null) {
            return "is not an ISO-8601 instant (1970-01-01T00:00:00Z) or date (1970-01-01)";
        }
        return i.isBefore(FIRST) || i.isAfter(LAST)
                ? "must lie between 1677-09-22 and 2262-04-11, so that every temporal type can hold it" : null;
    }

    /** {@code redact.temporal}: an instant, or a date at midnight UTC; null if neither. */
    static Instant instant(String text) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text.trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
