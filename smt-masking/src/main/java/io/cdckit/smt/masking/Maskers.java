package io.cdckit.smt.masking;

import io.cdckit.core.record.Describe;
import io.cdckit.core.record.SchemaCopy;
import io.cdckit.core.row.FieldOperation;
import io.cdckit.core.time.TemporalType;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

/**
 * What each mode does to a field of a given schema (Mask) or gives back (Unmask): the kernel
 * {@link FieldOperation} with the function and the output schema (the input's, marked
 * {@value #MARK}{@code =<mode>} unless {@code mark.schema=false}; an optional string where
 * {@code schema.change=allow} lets a mode change the type), and the same by value class for
 * schemaless rows. Nulls and Debezium's placeholder for an unchanged TOASTed value are never
 * masked. Immutable; what it makes is thread-safe.
 *
 * @param redaction    {@code redact}'s values
 * @param partial      {@code partial}'s rule
 * @param hash         {@code hash}'s tokens, or null without a salt
 * @param hmac         {@code hmac}'s tokens, or null without a key
 * @param encryption   {@code encrypt}'s cipher, or null without a keyset
 * @param fpe          {@code fpe}'s cipher, or null without a key
 * @param schemaChange whether a mode may make a field an optional string
 * @param markSchema   whether masked fields get the {@value #MARK} parameter
 * @param placeholder  Debezium's TOAST placeholder, never masked
 */
record Maskers(Redaction redaction, Partial partial, Tokens hash, Tokens hmac, Encryption encryption,
               FpeMasking fpe, SchemaChange schemaChange, boolean markSchema, String placeholder) {

    /** The schema parameter a masked field carries: its mode. */
    static final String MARK = "cdckit.masked";

    /**
     * The operation of {@code mode} on a field of {@code schema}.
     *
     * @param literal whether the field was named literally: a field the mode cannot mask is then an
     *                error; one a pattern matched is left as it is
     * @param unmask  Unmask's operation: the reverse of {@code encrypt} and {@code fpe}, nothing for the others
     * @throws DataException if a literally named field cannot be masked so (naming field and type)
     */
    FieldOperation operation(String path, Schema schema, MaskMode mode, boolean literal, boolean unmask) {
        if (unmask) {
            return unmaskOperation(path, schema, mode, literal);
        }
        switch (mode) {
            case REDACT: {
                // a struct is built on the output schema (the input's, marked); structs and bytes afresh each time
                return replace(schema, mode, out -> {
                    Object value = redaction.valueFor(path, out);
                    // mutable values afresh for each record: a later transform may change its own
                    boolean fresh = value instanceof Struct || value instanceof byte[] || value instanceof java.util.Date;
                    return v -> fresh ? redaction.valueFor(path, out) : value;
                });
            }
            case NULL:
                if (!schema.isOptional()) {
                    throw new DataException("field '" + path + "' is required (" + Describe.schema(schema)
                            + "), so mode null cannot mask it; use redact");
                }
                return replace(schema, mode, out -> v -> null);
            default:
                return transforming(path, schema, mode, literal);
        }
    }

    /** partial, hash, hmac, encrypt, fpe: by the field's type, where the mode keeps it. */
    private FieldOperation transforming(String path, Schema schema, MaskMode mode, boolean literal) {
        Function<String, String> text = text(mode);
        boolean temporal = TemporalType.of(schema) != null;
        boolean decimal = Decimal.LOGICAL_NAME.equals(schema.name());
        if (!temporal && schema.type() == Schema.Type.STRING) {
            return replace(schema, mode, out -> v -> text.apply((String) v));
        }
        if (!temporal && !decimal && schema.type() == Schema.Type.BYTES && mode != MaskMode.PARTIAL
                && mode != MaskMode.FPE) {
            Function<byte[], byte[]> bytes = bytes(mode);
            return replace(schema, mode, out -> v -> bytes.apply(bytesOf(v)));
        }
        if (!temporal && mode == MaskMode.FPE && (schema.type() == Schema.Type.INT64 || schema.type() == Schema.Type.INT32)) {
            boolean int32 = schema.type() == Schema.Type.INT32;
            return replace(schema, mode, out -> v -> int32 ? (Object) fpe.encrypt((Integer) v)
                    : (Object) fpe.encrypt((Long) v));
        }
        if (schemaChange == SchemaChange.ALLOW && (schema.type().isPrimitive() || decimal)) {
            Schema out = marked(SchemaBuilder.string().optional(), mode);
            return FieldOperation.replace(out, v -> v == null || placeholder.equals(v) ? v : text.apply(render(v)));
        }
        if (!literal) {
            return FieldOperation.keep();
        }
        throw new DataException("mode " + mode.configValue() + " cannot keep the type of field '" + path + "' ("
                + Describe.schema(schema) + "); set schema.change=allow to make it an optional string, or use redact");
    }

    private FieldOperation unmaskOperation(String path, Schema schema, MaskMode mode, boolean literal) {
        if (!mode.reversible()) {
            return FieldOperation.keep();
        }
        Function<Object, Object> back;
        if (schema.type() == Schema.Type.STRING) {
            Function<String, String> text = mode == MaskMode.ENCRYPT ? encryption::decrypt : fpe::decrypt;
            back = v -> text.apply((String) v);
        } else if (mode == MaskMode.ENCRYPT && schema.type() == Schema.Type.BYTES && !Decimal.LOGICAL_NAME.equals(schema.name())) {
            back = v -> encryption.decrypt(bytesOf(v));
        } else if (mode == MaskMode.FPE && schema.type() == Schema.Type.INT64) {
            back = v -> fpe.decrypt((Long) v);
        } else if (mode == MaskMode.FPE && schema.type() == Schema.Type.INT32) {
            back = v -> fpe.decrypt((Integer) v);
        } else if (!literal) {
            return FieldOperation.keep();
        } else {
            throw new DataException("Unmask cannot reverse mode " + mode.configValue() + " on field '" + path + "' ("
                    + Describe.schema(schema) + ")");
        }
        Schema out = unmarked(schema);
        return FieldOperation.replace(out, v -> v == null || placeholder.equals(v) ? v : back.apply(v));
    }

    /** The function of a schemaless field: by each value's class. */
    FieldOperation schemaless(MaskMode mode, boolean unmask) {
        if (unmask) {
            if (!mode.reversible()) {
                return FieldOperation.keep();
            }
            return FieldOperation.replace(v -> v == null || placeholder.equals(v) ? v : unmaskValue(mode, v));
        }
        return FieldOperation.replace(v -> v == null || placeholder.equals(v) ? v : maskValue(mode, v));
    }

    private Object maskValue(MaskMode mode, Object v) {
        switch (mode) {
            case REDACT:
                return redaction.valueFor(v);
            case NULL:
                return null;
            default:
                if (mode == MaskMode.FPE && (v instanceof Long || v instanceof Integer || v instanceof Short
                        || v instanceof Byte)) {
                    return fpe.encrypt(((Number) v).longValue()); // JSON has no width: a long, as it reads back
                }
                if (v instanceof Map || v instanceof java.util.List) {
                    throw new DataException("mode " + mode.configValue() + " cannot mask a " + Describe.type(v)
                            + "; name the fields inside it, or use redact");
                }
                return text(mode).apply(render(v));
        }
    }

    private Object unmaskValue(MaskMode mode, Object v) {
        if (mode == MaskMode.FPE && (v instanceof Long || v instanceof Integer || v instanceof Short
                || v instanceof Byte)) {
            return fpe.decrypt(((Number) v).longValue());
        }
        if (v instanceof String s) {
            return mode == MaskMode.ENCRYPT ? encryption.decrypt(s) : fpe.decrypt(s);
        }
        throw new DataException("Unmask cannot reverse a " + Describe.type(v) + " masked with mode " + mode.configValue());
    }

    /** What a match content detection found becomes: {@code redact} a mask character for each of its characters. */
    Function<String, String> detectMasker(MaskMode mode) {
        if (mode == MaskMode.REDACT) {
            char c = partial.maskChar();
            return match -> String.valueOf(c).repeat(match.length());
        }
        return text(mode);
    }

    private Function<String, String> text(MaskMode mode) {
        switch (mode) {
            case PARTIAL:
                return partial::mask;
            case HASH:
                return hash::token;
            case HMAC:
                return hmac::token;
            case ENCRYPT:
                return encryption::encrypt;
            default:
                return fpe::encrypt;
        }
    }

    private Function<byte[], byte[]> bytes(MaskMode mode) {
        switch (mode) {
            case HASH:
                return hash::digest;
            case HMAC:
                return hmac::digest;
            default:
                return encryption::encrypt;
        }
    }

    /**
     * The field masked with the function {@code fn} makes for the output schema (the input's,
     * marked; never called with null or the placeholder); a default value is masked too.
     */
    private FieldOperation replace(Schema schema, MaskMode mode,
                                   Function<Schema, Function<Object, Object>> fn) {
        Schema plain = marked(builder(schema), mode);
        Function<Object, Object> masker = fn.apply(plain);
        Function<Object, Object> guarded = v -> v == null || placeholder.equals(v) ? v : masker.apply(v);
        Object def = schema.defaultValue();
        if (def == null) {
            return FieldOperation.replace(plain, guarded);
        }
        // a required field left unset reads as its default, which is masked as any value
        Object maskedDefault;
        try {
            maskedDefault = guarded.apply(def);
        } catch (RuntimeException e) {
            maskedDefault = null;
        }
        SchemaBuilder b = builder(schema);
        if (maskedDefault != null) {
            b.defaultValue(maskedDefault); // a default the mode cannot mask is dropped, never kept in clear
        }
        Schema out = marked(b, mode);
        Function<Object, Object> onOut = out.type() == Schema.Type.STRUCT ? fn.apply(out) : masker;
        Object unset = schema.isOptional() ? null : maskedDefault;
        return FieldOperation.replace(out, v -> v == null ? unset : placeholder.equals(v) ? v : onOut.apply(v));
    }

    /** A builder of {@code schema}'s type, metadata and optionality (a struct with its fields), no default. */
    private static SchemaBuilder builder(Schema schema) {
        SchemaBuilder b = schema.type() == Schema.Type.STRUCT ? SchemaCopy.structWithFields(schema)
                : SchemaCopy.builderLike(schema);
        if (schema.isOptional()) {
            b.optional();
        }
        return b;
    }

    private Schema marked(SchemaBuilder b, MaskMode mode) {
        if (markSchema) {
            b.parameter(MARK, mode.configValue());
        }
        return b.build();
    }

    /** The schema without the {@value #MARK} parameter. */
    private static Schema unmarked(Schema schema) {
        if (schema.parameters() == null || !schema.parameters().containsKey(MARK)) {
            return schema;
        }
        SchemaBuilder b = SchemaBuilder.type(schema.type());
        if (schema.name() != null) {
            b.name(schema.name());
        }
        if (schema.version() != null) {
            b.version(schema.version());
        }
        if (schema.doc() != null) {
            b.doc(schema.doc());
        }
        schema.parameters().forEach((k, v) -> {
            if (!k.equals(MARK)) {
                b.parameter(k, v);
            }
        });
        if (schema.isOptional()) {
            b.optional();
        }
        return b.build();
    }

    /** A value as the text a string mode masks when the type changes. */
    private static String render(Object v) {
        if (v instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (v instanceof ByteBuffer buffer) {
            return Base64.getEncoder().encodeToString(bytesOf(buffer));
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof java.util.Date d) {
            return Long.toString(d.getTime());
        }
        return String.valueOf(v);
    }

    private static byte[] bytesOf(Object v) {
        if (v instanceof ByteBuffer buffer) {
            ByteBuffer b = buffer.duplicate();
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        }
        return (byte[]) v;
    }

    /** Never a key, a salt or a value. */
    @Override
    public String toString() {
        return "Maskers(schema.change=" + schemaChange.configValue() + ", mark.schema=" + markSchema + ")";
    }
}
