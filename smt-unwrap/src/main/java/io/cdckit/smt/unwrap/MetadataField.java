package io.cdckit.smt.unwrap;

import io.cdckit.core.cdc.ChangeEvent;
import io.cdckit.core.cdc.ChangeEvents;
import io.cdckit.core.cdc.EnvelopeSchema;
import io.cdckit.core.record.SchemaCopy;

import io.cdckit.core.config.ConfigRule;
import io.cdckit.core.config.Validators;
import io.cdckit.core.record.RawStructs;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One entry of {@code add.fields} or {@code add.headers}: {@code [struct.]field[:newName]}, with
 * Debezium's rules: {@code op}, {@code ts_ms}, {@code ts_us}, {@code ts_ns} are top-level fields of
 * the envelope; {@code id}, {@code total_order}, {@code data_collection_order} come from the
 * {@code transaction} block; {@code updateDescription} is MongoDB's block; anything else unqualified
 * comes from {@code source}. The output name is the prefix plus the field name ({@code __table}),
 * plus {@code struct_} when the entry names its struct ({@code source.ts_ms} gives
 * {@code __source_ts_ms}), or the prefix plus {@code newName} when one is given.
 */
final class MetadataField {

    private static final Pattern ENTRY = Pattern.compile("[^.:\\s]+(\\.[^.:\\s]+)?(:[^:\\s]+)?");

    final String entry;
    /** The block holding the field, or null for a top-level field of the envelope. */
    final String struct;
    final String field;
    final String outputName;

    private MetadataField(String entry, String struct, String field, String outputName) {
        this.entry = entry;
        this.struct = struct;
        this.field = field;
        this.outputName = outputName;
    }

    /** Validates {@code add.fields}/{@code add.headers} entries in the ConfigDef (configure and REST validate). */
    static final ConfigDef.Validator VALIDATOR = Validators.explained("list of [struct.]field[:newName]", value -> {
        if (value instanceof List) {
            for (Object o : (List<?>) value) {
                if (!ENTRY.matcher(o.toString().trim()).matches()) {
                    return "entry '" + o.toString().trim()
                            + "' must be [struct.]field[:newName], e.g. op, source.ts_ms, table:source_table";
                }
            }
        }
        return null;
    });

    /**
     * The rule of {@code key}: no two entries may give one output name once {@code prefixKey}'s
     * prefix is applied, and none may give {@code reserved} (a name the transform writes itself, or
     * null): on a Struct the schema would refuse the second, on a Map it would silently overwrite
     * the first.
     */
    static String nameClash(ConfigRule.Values values, String key, String prefixKey, String what, String reserved) {
        String prefix = values.get(prefixKey) == null ? "" : values.get(prefixKey).toString();
        Map<String, String> seen = new HashMap<>();
        for (String entry : values.list(key)) {
            if (!ENTRY.matcher(entry).matches()) {
                return null; // the validator reports it
            }
            String name = parse(prefix, entry).outputName;
            if (name.equals(reserved)) {
                return "entry '" + entry + "' gives the " + what + " '" + name + "', which the delete handling "
                        + "mode writes itself; rename it with :newName";
            }
            String first = seen.putIfAbsent(name, entry);
            if (first != null) {
                return "entries '" + first + "' and '" + entry + "' both give the " + what + " '" + name
                        + "' (with " + prefixKey + " '" + prefix + "'); rename one with :newName";
            }
        }
        return null;
    }

    /** Parses a configured list; a malformed entry is a ConfigException naming {@code key}. */
    static List<MetadataField> parseAll(String key, String prefix, List<String> entries) {
        if (entries == null || entries.isEmpty()) {
            return List.of();
        }
        List<MetadataField> out = new ArrayList<>(entries.size());
        for (String raw : entries) {
            String e = raw.trim();
            if (!ENTRY.matcher(e).matches()) {
                throw new ConfigException(key, String.join(",", entries), "entry '" + e
                        + "' must be [struct.]field[:newName], e.g. op, source.ts_ms, table:source_table");
            }
            out.add(parse(prefix, e));
        }
        return Collections.unmodifiableList(out);
    }

    static MetadataField parse(String prefix, String entry) {
        int colon = entry.indexOf(':');
        String path = colon < 0 ? entry : entry.substring(0, colon);
        int dot = path.indexOf('.');
        String struct;
        String field;
        if (dot < 0) {
            field = path;
            struct = defaultStruct(field);
        } else {
            struct = path.substring(0, dot);
            field = path.substring(dot + 1);
        }
        String out;
        if (colon >= 0) {
            out = prefix + entry.substring(colon + 1);
        } else {
            out = prefix + (dot < 0 ? field : struct + "_" + field);
        }
        return new MetadataField(entry, struct, field, out);
    }

    private static String defaultStruct(String field) {
        switch (field) {
            case "id":
            case "total_order":
            case "data_collection_order":
                return ChangeEvents.FIELD_TRANSACTION;
            case "op":
            case "ts_ms":
            case "ts_us":
            case "ts_ns":
                return null;
            case "updateDescription":
                return ChangeEvents.FIELD_UPDATE_DESCRIPTION;
            default:
                return ChangeEvents.FIELD_SOURCE;
        }
    }

    boolean isOp() {
        return struct == null && "op".equals(field);
    }

    /**
     * Resolves against an envelope schema, or returns null if the envelope has no such field
     * (the field is then skipped, as Debezium does). A flat dialect's (GoldenGate, Canal) is read
     * through the event's view, by the schema the kernel says that metadata has.
     */
    Resolved resolve(EnvelopeSchema env) {
        if (!env.isFlat()) {
            return resolve(env.schema());
        }
        Schema schema = env.metadataSchema(struct, field);
        return schema == null ? null : new Resolved(this, schema);
    }

    private Resolved resolve(Schema envelope) {
        Field parent = struct == null ? null : envelope.field(struct);
        if (parent != null && parent.schema().type() == Schema.Type.STRUCT) {
            Field f = parent.schema().field(field);
            if (f != null) {
                return new Resolved(this, parent, f);
            }
        }
        if (struct != null && parent == null) {
            return null;
        }
        Field top = envelope.field(field);
        return top == null ? null : new Resolved(this, null, top, parent);
    }

    /** Reads the value from a change event's view (of any dialect); {@link ChangeEvent#ABSENT} if it has none. */
    Object read(ChangeEvent event) {
        return event.metadata(struct, field);
    }

    @Override
    public String toString() {
        return entry;
    }

    /** A metadata field resolved against one envelope schema. */
    static final class Resolved {
        final MetadataField spec;
        /** The block field when the value is read from a block, else null. */
        private final Field parent;
        /** The block to null-check when the value is read from the top level as a fallback. */
        private final Field fallbackParent;
        private final Field field;
        /** The schema of the added field or header: an optional copy of the source field's basics. */
        final Schema schema;
        /** The schema of the envelope field the values are read from. */
        final Schema sourceSchema;

        Resolved(MetadataField spec, Field parent, Field field) {
            this(spec, parent, field, null);
        }

        /** Read through the view, as a value of {@code valueSchema}. */
        Resolved(MetadataField spec, Schema valueSchema) {
            this.spec = spec;
            this.parent = null;
            this.fallbackParent = null;
            this.field = null;
            this.sourceSchema = valueSchema;
            this.schema = SchemaCopy.optional(valueSchema);
        }

        Resolved(MetadataField spec, Field parent, Field field, Field fallbackParent) {
            this.spec = spec;
            this.parent = parent;
            this.fallbackParent = fallbackParent;
            this.field = field;
            this.sourceSchema = field.schema();
            // Debezium's shape: the field's basics on a bare builder of its type (no struct fields,
            // no element schemas), optional, without default
            this.schema = SchemaCopy.copyMetadata(field.schema(), new SchemaBuilder(field.schema().type()))
                    .optional().build();
        }

        /** The value a flat dialect's view reads (null when it has none). */
        Object read(ChangeEvent event) {
            Object v = spec.read(event);
            return v == ChangeEvent.ABSENT ? null : v;
        }

        /** The raw value (no default substitution), or null when its block is null. */
        Object read(Struct envelope) {
            Struct holder = envelope;
            if (parent != null) {
                holder = (Struct) RawStructs.get(envelope, parent);
                if (holder == null) {
                    return null;
                }
            } else if (fallbackParent != null && RawStructs.get(envelope, fallbackParent) == null) {
                return null;
            }
            return RawStructs.get(holder, field);
        }
    }
}
