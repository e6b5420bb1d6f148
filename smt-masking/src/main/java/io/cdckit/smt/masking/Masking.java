package io.cdckit.smt.masking;

import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.path.PathMapping;
import io.cdckit.core.record.Records;
import io.cdckit.core.record.Side;
import io.cdckit.core.row.EnvelopeMode;
import io.cdckit.core.row.FieldOperation;
import io.cdckit.core.row.RowPlan;
import io.cdckit.core.row.RowRewrite;
import io.cdckit.core.row.StructForm;
import io.cdckit.core.cache.PlanCache;
import io.cdckit.core.transform.SideTransform;
import io.cdckit.smt.masking.detect.ContentScanner;
import io.cdckit.smt.masking.detect.Detector;
import io.cdckit.smt.masking.fpe.Alphabet;
import io.cdckit.smt.masking.fpe.FormatPreservingCipher;
import io.cdckit.smt.masking.fpe.FpeAlgorithm;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What {@link Mask} and {@link Unmask} share: the configuration ({@link MaskConfig}), the plan (the
 * mode of each listed path, a kernel row plan in row scope, the masked headers) and the apply. A
 * masked header is a string header as a whole, or a Struct header at the paths of {@code fields}
 * (also as the Map a header converter makes of it after a hop through Kafka).
 *
 * @param <R> the record type
 */
abstract class Masking<R extends ConnectRecord<R>> extends SideTransform<R> {

    private static final Logger LOG = LoggerFactory.getLogger(Masking.class);

    private final boolean unmask;
    private RowRewrite rows;
    /** Content detection, after the listed fields; null without {@code detect} (and in Unmask). */
    private RowRewrite detected;
    private Set<String> headers;
    private MaskMode headerMode;
    private Maskers maskers;
    private RowPlan headerPlan;
    /** Per header schema: what a header's value becomes, with its schema. */
    private PlanCache<Schema, Function<Object, SchemaAndValue>> headerForms;

    Masking(Side side, boolean unmask) {
        super(side);
        this.unmask = unmask;
    }

    @Override
    public ConfigDef config() {
        return MaskConfig.CONFIG_DEF;
    }

    // ------------------------------------------------------------------ config

    private static byte[] hex(TransformConfig config, String key) {
        Password p = config.getPassword(key);
        return p == null ? null : HexFormat.of().parseHex(p.value().trim());
    }

    private static Maskers maskers(TransformConfig config) {
        Redaction redaction = new Redaction(config.getString(MaskConfig.REPLACEMENT),
                MaskConfig.instant(config.getString(MaskConfig.REDACT_TEMPORAL)));
        Partial partial = new Partial(config.getInt(MaskConfig.KEEP_FIRST), config.getInt(MaskConfig.KEEP_LAST),
                config.getString(MaskConfig.MASK_CHAR).charAt(0), config.getString(MaskConfig.KEEP_CHARS));
        Password salt = config.getPassword(MaskConfig.SALT);
        Tokens hash = salt == null ? null : Tokens.hash(salt.value().getBytes(StandardCharsets.UTF_8),
                config.getEnum(MaskConfig.HASH_OUTPUT, HashOutput.class).format());
        byte[] hmacKey = hex(config, MaskConfig.HMAC_KEY);
        Tokens hmac = hmacKey == null ? null : Tokens.hmac(hmacKey, config.getString(MaskConfig.HMAC_KEY_ID).trim(),
                config.getEnum(MaskConfig.HMAC_OUTPUT, TokenFormat.class));
        Password keyset = config.getPassword(MaskConfig.ENCRYPT_KEYSET);
        Encryption encryption = keyset == null ? null : Encryption.of(keyset.value());
        byte[] fpeKey = hex(config, MaskConfig.FPE_KEY);
        FpeMasking fpe = fpeKey == null ? null : new FpeMasking(FormatPreservingCipher.of(
                config.getEnum(MaskConfig.FPE_ALGORITHM, FpeAlgorithm.class), fpeKey,
                HexFormat.of().parseHex(config.getString(MaskConfig.FPE_TWEAK).trim()),
                Alphabet.named(config.getString(MaskConfig.ALPHABET))),
                config.getInt(MaskConfig.FPE_KEEP_LAST), config.getBoolean(MaskConfig.FPE_LUHN),
                config.getEnum(MaskConfig.FPE_TOO_SHORT, TooShort.class));
        return new Maskers(redaction, partial, hash, hmac, encryption, fpe,
                config.getEnum(MaskConfig.SCHEMA_CHANGE, SchemaChange.class), config.getBoolean(MaskConfig.MARK_SCHEMA),
                config.getString(MaskConfig.PLACEHOLDER));
    }

    /** The mode of each path: {@code fields} with {@code mode}, then {@code field.modes} over them. */
    private static Map<FieldPath, MaskMode> modes(TransformConfig config) {
        MaskMode mode = config.getEnum(MaskConfig.MODE, MaskMode.class);
        Map<FieldPath, MaskMode> modes = new LinkedHashMap<>();
        for (FieldPath p : config.getFieldPaths(MaskConfig.FIELDS)) {
            modes.put(p, mode);
        }
        for (PathMapping m : config.getPathMappings(MaskConfig.FIELD_MODES)) {
            for (MaskMode candidate : MaskMode.values()) {
                if (candidate.matches(m.target())) {
                    modes.put(m.path(), candidate);
                }
            }
        }
        return modes;
    }

    // ------------------------------------------------------------------ plan

    @Override
    protected void configure(TransformConfig config) {
        maskers = maskers(config);
        Map<FieldPath, MaskMode> modes = modes(config);
        MaskPlans plans = new MaskPlans(modes, maskers, unmask,
                config.getEnum(MaskConfig.MISSING_FIELDS, MissingFields.class),
                problem -> LOG.warn("{}{}: {}", displayName(), where(), problem));
        try {
            rows = measured(RowRewrite.of(plans, config.getEnum(EnvelopeMode.KEY, EnvelopeMode.class),
                    schemaCacheSize()));
        } catch (FieldPathException e) {
            throw config.invalid(MaskConfig.FIELDS, "conflicting entries: " + e.getMessage());
        }
        detected = unmask ? null : detection(config, modes);
        headers = new LinkedHashSet<>(config.getList(MaskConfig.HEADERS));
        headerMode = config.getEnum(MaskConfig.MODE, MaskMode.class);
        headerPlan = plans.schemaless();
        headerForms = planCache(this::headerForm);
    }

    private RowRewrite detection(TransformConfig config, Map<FieldPath, MaskMode> modes) {
        List<String> names = config.getList(MaskConfig.DETECT);
        if (names.isEmpty()) {
            return null;
        }
        Set<Detector> detectors = EnumSet.noneOf(Detector.class);
        names.forEach(n -> detectors.add(MaskConfig.detector(n)));
        ContentScanner scanner = ContentScanner.of(detectors, config.getString(MaskConfig.DETECT_PHONE_REGION));
        DetectPlans plans = new DetectPlans(scanner,
                maskers.detectMasker(config.getEnum(MaskConfig.DETECT_MODE, MaskMode.class)),
                config.getFieldPaths(MaskConfig.DETECT_FIELDS), List.copyOf(modes.keySet()), maskers.placeholder());
        return measured(RowRewrite.of(plans, config.getEnum(EnvelopeMode.KEY, EnvelopeMode.class), schemaCacheSize()));
    }

    /** What a header of {@code schema} becomes: a Struct at the plan's paths, any other value by its type. */
    private Function<Object, SchemaAndValue> headerForm(Schema schema) {
        if (schema.type() == Schema.Type.STRUCT) {
            StructForm form = headerPlan.compile(schema);
            return v -> v instanceof Struct s ? new SchemaAndValue(form.outputSchema(), form.apply(s, null))
                    : new SchemaAndValue(schema, v);
        }
        FieldOperation op = maskers.operation("header", schema, headerMode, true, unmask);
        if (!op.replaces()) {
            return v -> new SchemaAndValue(schema, v);
        }
        Schema out = op.newSchema() != null ? op.newSchema() : schema;
        Function<Object, ?> fn = op.function();
        return v -> new SchemaAndValue(out, fn.apply(v));
    }

    // ------------------------------------------------------------------ apply

    @Override
    protected R transform(R record) {
        Headers masked = headers.isEmpty() ? null : maskedHeaders(record);
        R out = rows.apply(record, side, null, masked);
        return detected == null ? out : detected.apply(out, side, null);
    }

    /** A copy of the record's headers with the listed ones masked, or null if it has none of them. */
    private Headers maskedHeaders(R record) {
        boolean any = false;
        for (Header h : record.headers()) {
            any |= headers.contains(h.key());
        }
        if (!any) {
            return null;
        }
        return Records.copyHeaders(record, copy -> {
            List<Header> all = new java.util.ArrayList<>();
            copy.forEach(all::add);
            copy.clear();
            for (Header h : all) { // in their order, the listed ones masked
                if (headers.contains(h.key())) {
                    SchemaAndValue out = maskHeader(h);
                    copy.add(h.key(), out.value(), out.schema());
                } else {
                    copy.add(h);
                }
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private SchemaAndValue maskHeader(Header h) {
        Object v = h.value();
        if (v == null) {
            return new SchemaAndValue(h.schema(), null);
        }
        if (v instanceof Map<?, ?> map) {
            // a Struct header after a hop through Kafka (SimpleHeaderConverter reads it as a Map): its fields
            return new SchemaAndValue(h.schema(), headerPlan.apply(castMap(map), null));
        }
        if (h.schema() == null) {
            FieldOperation op = maskers.schemaless(headerMode, unmask);
            return new SchemaAndValue(null, op.replaces() ? op.function().apply(v) : v);
        }
        return headerForms.get(h.schema()).apply(v);
    }
}
