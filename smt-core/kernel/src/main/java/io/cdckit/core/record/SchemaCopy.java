package io.cdckit.core.record;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import java.util.Map;

/**
 * Building output schemas that keep everything of the input schema a downstream consumer may
 * rely on: name, version, doc, parameters, optionality and default value.
 */
public final class SchemaCopy {

    private SchemaCopy() {
    }

    /**
     * A builder of the same type as {@code source} (for arrays and maps, with the same element,
     * key and value schemas) carrying its name, version, doc and parameters, but not yet its
     * optionality or default (see {@link #finish}); for a struct, without fields.
     */
    public static SchemaBuilder builderLike(Schema source) {
        SchemaBuilder b;
        switch (source.type()) {
            case ARRAY:
                b = SchemaBuilder.array(source.valueSchema());
                break;
            case MAP:
                b = SchemaBuilder.map(source.keySchema(), source.valueSchema());
                break;
            case STRUCT:
                b = SchemaBuilder.struct();
                break;
            default:
                b = SchemaBuilder.type(source.type());
        }
        return copyMetadata(source, b);
    }

    /** Copies name, version, doc and parameters from {@code source} to {@code target}. */
    public static SchemaBuilder copyMetadata(Schema source, SchemaBuilder target) {
        if (source.name() != null) {
            target.name(source.name());
        }
        if (source.version() != null) {
            target.version(source.version());
        }
        if (source.doc() != null) {
            target.doc(source.doc());
        }
        Map<String, String> params = source.parameters();
        if (params != null && !params.isEmpty()) {
            target.parameters(params);
        }
        return target;
    }

    /**
     * A struct builder like {@code source} with all of its fields, to which more fields can be added.
     * Field schemas are the same objects as the source's.
     */
    public static SchemaBuilder structWithFields(Schema source) {
        SchemaBuilder b = builderLike(source);
        for (Field f : source.fields()) {
            b.field(f.name(), f.schema());
        }
        return b;
    }

    /**
     * Applies {@code source}'s optionality and, when {@code keepDefault}, its default value, then
     * builds. Pass {@code keepDefault=false} when the built schema's shape differs from the source
     * (a struct default of the old shape would not be valid).
     */
    public static Schema finish(Schema source, SchemaBuilder builder, boolean keepDefault) {
        if (source.isOptional()) {
            builder.optional();
        }
        if (keepDefault && source.defaultValue() != null) {
            builder.defaultValue(source.defaultValue());
        }
        return builder.build();
    }

    /** The optional variant of {@code schema} (itself if already optional), with its metadata. */
    public static Schema optional(Schema schema) {
        if (schema.isOptional()) {
            return schema;
        }
        SchemaBuilder b = builderLike(schema);
        if (schema.type() == Schema.Type.STRUCT) {
            for (Field f : schema.fields()) {
                b.field(f.name(), f.schema());
            }
        }
        b.optional();
        if (schema.defaultValue() != null) {
            b.defaultValue(schema.defaultValue());
        }
        return b.build();
    }

    /**
     * A struct's values in another schema of the same fields, such as its {@link #optional}
     * variant (a Struct only validates against its own schema object or an equal one).
     *
     * @return {@code value} itself if it already has {@code schema}; null for null
     */
    public static Struct withSchema(Struct value, Schema schema) {
        if (value == null || value.schema() == schema) {
            return value;
        }
        Struct out = new Struct(schema);
        for (Field f : schema.fields()) {
            out.put(f, value.getWithoutDefault(f.name()));
        }
        return out;
    }
}
