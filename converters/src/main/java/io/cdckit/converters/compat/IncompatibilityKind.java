package io.cdckit.converters.compat;

import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;

/** The kinds of incompatibility Avro's schema resolution reports, in readable words. */
public enum IncompatibilityKind {
    /** A reader field has no counterpart in the writer and no default value. */
    READER_FIELD_MISSING_DEFAULT("reader field missing default", SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE),
    /** The reader type cannot be read from the writer type (no Avro promotion applies). */
    TYPE_MISMATCH("type mismatch", SchemaIncompatibilityType.TYPE_MISMATCH),
    /** A writer (union branch) type has no compatible branch in the reader union. */
    MISSING_UNION_BRANCH("missing union branch", SchemaIncompatibilityType.MISSING_UNION_BRANCH),
    /** The writer enum has symbols the reader enum lacks (and the reader has no enum default). */
    MISSING_ENUM_SYMBOL("missing enum symbol", SchemaIncompatibilityType.MISSING_ENUM_SYMBOLS),
    /** Named types (record, enum, fixed) whose names (and aliases) do not match. */
    NAME_MISMATCH("name mismatch", SchemaIncompatibilityType.NAME_MISMATCH),
    /** Fixed types of different sizes. */
    FIXED_SIZE_MISMATCH("fixed size mismatch", SchemaIncompatibilityType.FIXED_SIZE_MISMATCH);

    private final String words;
    private final SchemaIncompatibilityType avroType;

    IncompatibilityKind(String words, SchemaIncompatibilityType avroType) {
        this.words = words;
        this.avroType = avroType;
    }

    /** Readable form, e.g. {@code "type mismatch"}. */
    public String words() {
        return words;
    }

    /** The Avro incompatibility type this kind stands for. */
    public SchemaIncompatibilityType avroType() {
        return avroType;
    }

    /** The kind for an Avro incompatibility type. */
    public static IncompatibilityKind of(SchemaIncompatibilityType type) {
        for (IncompatibilityKind kind : values()) {
            if (kind.avroType == type) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Unknown Avro incompatibility type " + type);
    }
}
