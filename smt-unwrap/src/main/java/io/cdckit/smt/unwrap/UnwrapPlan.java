package io.cdckit.smt.unwrap;

import io.cdckit.core.cdc.ChangeEvent;
import io.cdckit.core.cdc.EnvelopeSchema;
import io.cdckit.core.cdc.Operation;
import io.cdckit.core.path.FieldPath;
import io.cdckit.core.row.Image;
import io.cdckit.core.row.ReadMode;
import io.cdckit.core.row.RowContext;
import io.cdckit.core.row.RowPlan;
import io.cdckit.core.row.SchemaGuard;
import io.cdckit.core.row.StructForm;
import io.cdckit.core.row.ValueSource;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * How {@link Unwrap} builds its output for the events of one envelope schema, or for schemaless
 * events: the row of each image through a kernel row plan (a non-optional copy of the row with
 * {@code __deleted} in rewrite modes and the {@code add.fields} after it, as Debezium shapes it),
 * the {@code add.headers}, and the {@code route.by.field} column. Envelope fields are resolved once
 * per schema; an {@code add.fields} or {@code add.headers} entry a schema lacks is skipped with a
 * warning, once per schema (schemaless: once per entry).
 */
final class UnwrapPlan {

    private static final Logger LOG = LoggerFactory.getLogger(Unwrap.class);

    static final String DELETED_FIELD = "__deleted";

    /** The configuration the plans are made from. */
    static final class Settings {
        final DeleteHandling mode;
        final boolean replaceNullWithDefault;
        final List<MetadataField> addFields;
        final List<MetadataField> addHeaders;
        final String routeByField;
        /** Where the transform runs, for warnings (known once the worker has handed it its metrics). */
        final Supplier<String> where;

        Settings(DeleteHandling mode, boolean replaceNullWithDefault, List<MetadataField> addFields,
                 List<MetadataField> addHeaders, String routeByField, Supplier<String> where) {
            this.where = where;
            this.mode = mode;
            this.replaceNullWithDefault = replaceNullWithDefault;
            this.addFields = addFields;
            this.addHeaders = addHeaders;
            this.routeByField = routeByField;
        }
    }

    private final Settings settings;
    /** Schema'd only: the envelope, the compiled row of each image, headers, route columns. */
    private final EnvelopeSchema envelope;
    private final StructForm after;
    private final StructForm before;
    /** Refuse a row struct of another schema than its image's where no form reads it (a form guards its own). */
    private final SchemaGuard afterGuard;
    private final SchemaGuard beforeGuard;
    private final MetadataField.Resolved[] headers;
    private final Field routeAfter;
    private final Field routeBefore;
    private final Set<String> addedNames;
    /** Schema'd only: the add.fields resolved (MongoDB rows are built outside the row plan). */
    private final MetadataField.Resolved[] added;
    /** Schemaless only: the row plan of each image. */
    private final RowPlan afterPlan;
    private final RowPlan beforePlan;
    private final Set<String> warned;

    private UnwrapPlan(Settings settings, EnvelopeSchema envelope, StructForm after, StructForm before,
                       MetadataField.Resolved[] headers, Set<String> addedNames, MetadataField.Resolved[] added,
                       RowPlan afterPlan, RowPlan beforePlan) {
        this.added = added;
        this.settings = settings;
        this.envelope = envelope;
        this.after = after;
        this.before = before;
        this.afterGuard = envelope == null ? null : guard(envelope.afterRowSchema());
        this.beforeGuard = envelope == null ? null : guard(envelope.deletedRowSchema());
        this.headers = headers;
        this.routeAfter = envelope == null ? null : column(envelope.afterRowSchema(), settings.routeByField);
        this.routeBefore = envelope == null ? null : column(envelope.deletedRowSchema(), settings.routeByField);
        this.addedNames = addedNames;
        this.afterPlan = afterPlan;
        this.beforePlan = beforePlan;
        this.warned = envelope == null ? ConcurrentHashMap.newKeySet() : null;
    }

    /**
     * The plan of one envelope schema. The rows of the flat dialects (GoldenGate, Canal) are those
     * their view gives (Canal: of its {@code data} array), their metadata what the view reads.
     */
    static UnwrapPlan compile(EnvelopeSchema env, Settings settings) {
        List<MetadataField.Resolved> added = resolveAll(env, settings.addFields, Unwrap.ADD_FIELDS, settings);
        List<MetadataField.Resolved> headers = resolveAll(env, settings.addHeaders, Unwrap.ADD_HEADERS, settings);
        boolean rewrite = settings.mode.rewrites();
        boolean flat = env.isFlat();
        StructForm after = form(env.afterRowSchema(), rowPlan(settings, Image.AFTER, added, flat));
        StructForm before = rewrite ? form(env.deletedRowSchema(), rowPlan(settings, Image.BEFORE, added, flat))
                : null;
        Set<String> names = new HashSet<>();
        for (MetadataField.Resolved r : added) {
            names.add(r.spec.outputName);
        }
        return new UnwrapPlan(settings, env, after, before, headers.toArray(new MetadataField.Resolved[0]),
                Set.copyOf(names), added.toArray(new MetadataField.Resolved[0]), null, null);
    }

    /** The plan of schemaless events (of every dialect). */
    static UnwrapPlan schemaless(Settings settings) {
        return new UnwrapPlan(settings, null, null, null, new MetadataField.Resolved[0], Set.of(),
                new MetadataField.Resolved[0], mapPlan(settings, Image.AFTER), mapPlan(settings, Image.BEFORE));
    }

    /**
     * The rows of one image: its columns, then __deleted in rewrite modes, then the add.fields (read
     * from the envelope Struct, or for a flat dialect from the view the context's argument is).
     */
    private static RowPlan rowPlan(Settings settings, Image image, List<MetadataField.Resolved> added, boolean flat) {
        boolean rewrite = settings.mode.rewrites();
        RowPlan.Builder b = RowPlan.builder().required()
                .reads(rewrite && settings.replaceNullWithDefault ? ReadMode.DEFAULTS : ReadMode.RAW);
        if (rewrite) {
            b.add(FieldPath.literal(DELETED_FIELD), Schema.OPTIONAL_STRING_SCHEMA, deleted(image));
        }
        for (MetadataField.Resolved r : added) {
            b.add(FieldPath.literal(r.spec.outputName), r.schema, ValueSource.of(r.sourceSchema, flat
                    ? context -> r.read((ChangeEvent) context.argument())
                    : context -> r.read((Struct) context.envelope())));
        }
        return b.build();
    }

    private RowPlan mapPlanFor(Image image) {
        return image == Image.BEFORE ? beforePlan : afterPlan;
    }

    /** As {@link #rowPlan}, for Map rows: metadata read from the event, a missing entry left out. */
    private static RowPlan mapPlan(Settings settings, Image image) {
        RowPlan.Builder b = RowPlan.builder();
        if (settings.mode.rewrites()) {
            b.set(FieldPath.literal(DELETED_FIELD), Schema.OPTIONAL_STRING_SCHEMA, deleted(image));
        }
        Set<String> warnedOnce = ConcurrentHashMap.newKeySet();
        for (MetadataField f : settings.addFields) {
            b.set(FieldPath.literal(f.outputName), Schema.OPTIONAL_STRING_SCHEMA, context -> {
                Object v = f.read((ChangeEvent) context.argument());
                if (v == ChangeEvent.ABSENT) {
                    warnSchemaless(warnedOnce, Unwrap.ADD_FIELDS, f, settings);
                    return ValueSource.NONE;
                }
                return v;
            });
        }
        return b.build();
    }

    private static ValueSource deleted(Image image) {
        return ValueSource.constant(image == Image.BEFORE ? "true" : "false", Schema.OPTIONAL_STRING_SCHEMA);
    }

    private static StructForm form(Schema row, RowPlan plan) {
        return row != null && row.type() == Schema.Type.STRUCT ? plan.compile(row) : null;
    }

    private static SchemaGuard guard(Schema row) {
        return row != null && row.type() == Schema.Type.STRUCT ? new SchemaGuard(row) : null;
    }

    /** The column {@code name} of rows of schema {@code row}, or null. */
    private static Field column(Schema row, String name) {
        return row == null || name == null || row.type() != Schema.Type.STRUCT ? null : row.field(name);
    }

    private static List<MetadataField.Resolved> resolveAll(EnvelopeSchema env, List<MetadataField> fields, String key,
                                                           Settings settings) {
        List<MetadataField.Resolved> out = new ArrayList<>(fields.size());
        for (MetadataField f : fields) {
            MetadataField.Resolved r = f.resolve(env);
            if (r == null) {
                LOG.warn("Unwrap{}: {} entry '{}' is not in envelope schema '{}'; it is skipped for this schema",
                        settings.where.get(), key, f.entry, env.schema().name() == null
                                ? "(unnamed " + env.dialect().configValue() + ")" : env.schema().name());
            } else {
                out.add(r);
            }
        }
        return out;
    }

    private static void warnSchemaless(Set<String> warned, String key, MetadataField f, Settings settings) {
        if (warned.add(key + ":" + f.entry)) {
            LOG.warn("Unwrap{}: {} entry '{}' is not in a schemaless envelope; it is skipped where missing",
                    settings.where.get(), key, f.entry);
        }
    }

    // ------------------------------------------------------------------ per record
    // "event" is the envelope Struct of a Debezium schema'd event, else the event's ChangeEvent view
    // (schemaless events, and the Structs of the flat dialects, GoldenGate and Canal).

    /** Whether events are read through their view (the flat dialects' Structs), not by this plan's fields. */
    boolean isFlat() {
        return envelope.isFlat();
    }

    /** The view of a Struct envelope of this plan's (flat) schema. */
    ChangeEvent view(Struct value) {
        return envelope.view(value);
    }

    /** The operation of a Struct envelope of this plan's schema. */
    Operation op(Struct value) {
        Object code = value.get(envelope.opField());
        return code instanceof String ? Operation.fromCode((String) code) : null;
    }

    Object after(Struct value) {
        return envelope.afterField() == null ? null : value.get(envelope.afterField());
    }

    Object before(Struct value) {
        return envelope.beforeField() == null ? null : value.get(envelope.beforeField());
    }

    /** The schema of the output row of {@code image}: null for schemaless rows. */
    Schema rowSchema(Image image, Object row) {
        if (envelope == null) {
            return null;
        }
        StructForm form = image == Image.BEFORE ? before : after;
        return form != null && row instanceof Struct ? form.outputSchema() : imageSchema(image);
    }

    /** The output row of {@code image} (a row that is not a Struct or Map, MongoDB's JSON text, as it is). */
    @SuppressWarnings("unchecked")
    Object row(Image image, Object row, ConnectRecord<?> record, Object event) {
        if (envelope == null) {
            if (!(row instanceof Map)) {
                return row;
            }
            RowPlan plan = mapPlanFor(image);
            return plan.apply((Map<String, Object>) row, plan.needsContext()
                    ? RowContext.of(record, row, ((ChangeEvent) event).value(), image, event) : null);
        }
        StructForm form = image == Image.BEFORE ? before : after;
        if (!(row instanceof Struct)) {
            return row;
        }
        if (form == null) {
            return checked(image, (Struct) row);
        }
        RowContext context = !form.needsContext() ? null : event instanceof ChangeEvent
                ? RowContext.of(record, row, ((ChangeEvent) event).value(), image, event)
                : RowContext.of(record, row, event, image, null);
        return form.apply((Struct) row, context);
    }

    /** The row struct of {@code image}; refused if of another schema than the image's (read by position). */
    Struct checked(Image image, Struct row) {
        SchemaGuard guard = image == Image.BEFORE ? beforeGuard : afterGuard;
        return guard == null ? row : guard.check(row, image == Image.BEFORE ? "before" : "after");
    }

    /** The schema a delete keeps in the tombstone modes: the row's (null when schemaless). */
    Schema tombstoneSchema() {
        if (envelope == null) {
            return null;
        }
        return envelope.afterRowSchema() == null ? envelope.deletedRowSchema() : envelope.afterRowSchema();
    }

    private Schema imageSchema(Image image) {
        return image == Image.BEFORE ? envelope.deletedRowSchema() : envelope.afterRowSchema();
    }

    /** A copy of the record's headers with the add.headers. */
    Headers headers(ConnectRecord<?> record, Object event) {
        Headers h = record.headers().duplicate();
        if (envelope != null) {
            for (MetadataField.Resolved r : headers) {
                h.add(r.spec.outputName, event instanceof ChangeEvent ? r.read((ChangeEvent) event)
                        : r.read((Struct) event), r.schema);
            }
            return h;
        }
        for (MetadataField f : settings.addHeaders) {
            Object v = f.read((ChangeEvent) event);
            if (v == ChangeEvent.ABSENT) {
                warnSchemaless(warned, Unwrap.ADD_HEADERS, f, settings);
            } else {
                h.add(f.outputName, v, null);
            }
        }
        return h;
    }

    /** The route.by.field column of the row of {@code image}, or null (schemaless, or not a column). */
    Field routeField(Image image) {
        return image == Image.BEFORE ? routeBefore : routeAfter;
    }

    /** The envelope this plan was compiled for (null: schemaless). */
    EnvelopeSchema envelope() {
        return envelope;
    }

    /** The add.fields this envelope schema has (MongoDocuments builds MongoDB rows with them). */
    MetadataField.Resolved[] added() {
        return added;
    }

    /** The names of the added fields, which drop.fields.header.name leaves in a delete's row (as Debezium). */
    Set<String> addedNames() {
        return addedNames;
    }
}
