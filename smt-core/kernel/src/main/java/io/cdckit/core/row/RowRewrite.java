package io.cdckit.core.row;

import io.cdckit.core.cache.PlanCache;
import io.cdckit.core.cdc.ChangeEvent;
import io.cdckit.core.cdc.ChangeEvents;
import io.cdckit.core.cdc.Dialect;
import io.cdckit.core.cdc.EnvelopeSchema;
import io.cdckit.core.cdc.Operation;
import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.record.Records;
import io.cdckit.core.record.SchemaCopy;
import io.cdckit.core.record.Side;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link RowPlan} at work on records, in the scope {@link EnvelopeMode} says: one object a row
 * transform keeps, whose {@link #apply} does the Struct/Map/other dispatch, the per-schema caching
 * and the envelope handling.
 *
 * <h2>Scope</h2>
 * <ul>
 *   <li>A change event (a Debezium envelope, Struct or Map; a Maxwell event) in {@code auto} and
 *       {@code row} mode: {@code before} and {@code after} (Maxwell: {@code data}, and {@code old}
 *       as a partial image: nothing required there, nothing added) are rewritten by the same plan.
 *       When both images have one schema they keep one output schema; the envelope keeps its name,
 *       version and other fields ({@code op}, {@code source}, {@code ts_*}, {@code transaction}),
 *       so {@code Unwrap} still recognises it. {@link RowPlan#ENVELOPE} paths rewrite the envelope.</li>
 *   <li>Any other Struct or Map in {@code auto} mode, and every Struct or Map in {@code off} mode:
 *       the value itself is the row.</li>
 *   <li>Passed through unchanged: tombstones and other values that are neither Struct nor Map,
 *       Debezium's control records (heartbeats, schema-change events, transaction metadata),
 *       logical-decoding messages, truncates (no image), and in {@code row} mode everything that
 *       is not a change event.</li>
 *   <li>MongoDB's envelopes, whose images are JSON text: each image is read as a document,
 *       rewritten by the schemaless plan and written back as JSON text in the connector's (strict)
 *       mode, {@code updateDescription.updatedFields} as a partial image ({@link JsonImages}); the
 *       envelope keeps its schema.</li>
 * </ul>
 *
 * <p>Struct plans are compiled once per value schema and cached (failures too); schemaless rows
 * go through the plan's schemaless form. A transform whose plan depends on the row schema gives
 * {@link RowPlans} instead of one plan. Thread-safe.
 *
 * <p>Over 400 lines: the scope rules of every dialect (Struct and Map) are one decision, kept in
 * one class so that every row transform applies them alike.
 */
public final class RowRewrite {

    /** The keys of row images in the envelopes row scope knows (Debezium's, Maxwell's). */
    private static final String[] IMAGES = {ChangeEvents.FIELD_BEFORE, ChangeEvents.FIELD_AFTER, "data", "old"};

    private final RowPlans rowPlans;
    /** The plan of schemaless rows (and the one whose envelope paths apply). */
    private final RowPlan plan;
    private final RowPlan envelopePart;
    private final EnvelopeMode mode;
    private final PlanCache<Schema, Scoped> plans;
    private final JsonImages schemalessJson;

    private RowRewrite(RowPlans plans, EnvelopeMode mode, int cacheSize) {
        this.rowPlans = Objects.requireNonNull(plans, "plans");
        this.plan = Objects.requireNonNull(plans.schemaless(), "schemaless plan");
        this.envelopePart = plan.envelopePart() != null ? plan.envelopePart() : RowPlan.builder().build();
        for (String image : IMAGES) {
            if (envelopePart.addresses(image)) {
                throw new FieldPathException("A " + RowPlan.ENVELOPE + " path addresses the row image '" + image
                        + "': address the row's fields without " + RowPlan.ENVELOPE + ", both images get them");
            }
        }
        this.mode = Objects.requireNonNull(mode, "mode");
        this.plans = PlanCache.of(cacheSize, this::compile);
        this.schemalessJson = JsonImages.schemaless(plan);
    }

    /**
     * What is wrong with a {@link RowPlan#ENVELOPE} path as a rewrite would refuse it (for a
     * transform's validate-visible rules): it names the envelope itself, or may address a row
     * image, which row scope rewrites through the row's own paths.
     *
     * @return the problem, or null if the path is fine (or does not start with {@value RowPlan#ENVELOPE})
     */
    public static String envelopePathProblem(FieldPath path) {
        if (!path.startsWith(RowPlan.ENVELOPE)) {
            return null;
        }
        if (path.segments().size() < 2) {
            return "'" + path + "' names the envelope itself; name a field of it, e.g. " + RowPlan.ENVELOPE
                    + ".source.ts_ms";
        }
        for (String image : IMAGES) {
            if (path.segments().get(1).matches(image)) {
                return "'" + path + "' addresses the row image '" + image + "': address the row's fields without "
                        + RowPlan.ENVELOPE + ", both images get them";
            }
        }
        return null;
    }

    /** A rewrite of {@code plan} in the scope of {@code mode}, caching {@code cacheSize} schemas. */
    public static RowRewrite of(RowPlan plan, EnvelopeMode mode, int cacheSize) {
        return new RowRewrite(RowPlans.of(plan), mode, cacheSize);
    }

    /**
     * A rewrite with a plan per row schema ({@link RowPlans}), in the scope of {@code mode}, caching
     * {@code cacheSize} schemas.
     */
    public static RowRewrite of(RowPlans plans, EnvelopeMode mode, int cacheSize) {
        return new RowRewrite(plans, mode, cacheSize);
    }

    /** The cache of plans compiled per schema (for its statistics). */
    public PlanCache<Schema, ?> planCache() {
        return plans;
    }

    /** @return the plan (of schemaless rows, when there is a plan per schema) */
    public RowPlan plan() {
        return plan;
    }

    /** {@link #apply(ConnectRecord, Side, Object, Headers)} keeping the record's headers. */
    public <R extends ConnectRecord<R>> R apply(R record, Side side, Object argument) {
        return apply(record, side, argument, null);
    }

    /**
     * Rewrites one side of a record.
     *
     * @param record   the record; never modified
     * @param side     which side holds the rows
     * @param argument the transform's per-record value for the plan's sources ({@link RowContext#argument()})
     * @param headers  headers for the output record (a copy the caller made), or null to keep the record's
     * @return a new record with the rewritten side; {@code record} itself when nothing changed and no
     *         headers were given
     * @throws DataException if the record cannot be rewritten (the project's format comes from the
     *                       transform's {@code apply})
     */
    public <R extends ConnectRecord<R>> R apply(R record, Side side, Object argument, Headers headers) {
        return apply(record, side, argument, headers, record.timestamp());
    }

    /**
     * As {@link #apply(ConnectRecord, Side, Object, Headers)}, giving the output record another
     * timestamp in the same copy.
     *
     * @param timestamp the output's timestamp (epoch ms, or null for none)
     */
    public <R extends ConnectRecord<R>> R apply(R record, Side side, Object argument, Headers headers, Long timestamp) {
        Object value = side.value(record);
        Schema schema = side.schema(record);
        Schema outSchema = schema;
        Object out = value;
        if (value instanceof Struct) {
            Scoped scoped = plans.get(((Struct) value).schema()); // the Struct's own: read by position
            if (scoped != null && scoped.json != null) {
                out = scoped.json.apply((Struct) value, record, argument);
            } else if (scoped != null) {
                out = scoped.form.apply((Struct) value,
                        scoped.needsContext ? context(record, value, argument, scoped.image) : null);
                outSchema = scoped.form.outputSchema();
            }
        } else if (value instanceof Map && schema == null) {
            out = applyMap(record, castMap(value), argument);
        }
        boolean sameTimestamp = Objects.equals(timestamp, record.timestamp());
        if (out == value && sameTimestamp) {
            return headers == null ? record : Records.withHeaders(record, headers);
        }
        if (sameTimestamp) {
            return side == Side.KEY ? Records.withKey(record, outSchema, out, headers)
                    : Records.withValue(record, outSchema, out, headers);
        }
        Records.Edit<R> edit = Records.edit(record).timestamp(timestamp).headers(headers);
        return side == Side.KEY ? edit.key(outSchema, out).build() : edit.value(outSchema, out).build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    private static RowContext context(ConnectRecord<?> record, Object value, Object argument, Image image) {
        return RowContext.of(record, image == Image.VALUE ? value : null, image == Image.VALUE ? null : value, image,
                argument);
    }

    // ------------------------------------------------------------------ Struct values

    /** A compiled form for one value schema, and what the value is to it. */
    private static final class Scoped {
        final StructForm form;
        /** VALUE for a plain row; otherwise the value is an envelope (the images set their own). */
        final Image image;
        /** Whether the plans' sources read a {@link RowContext}. */
        final boolean needsContext;
        /** Envelopes whose images are JSON text: their rewrite (form is then null). */
        final JsonImages json;

        Scoped(StructForm form, Image image, boolean needsContext) {
            this.form = form;
            this.image = image;
            this.needsContext = needsContext;
            this.json = null;
        }

        Scoped(JsonImages json) {
            this.form = null;
            this.image = Image.AFTER;
            this.needsContext = false;
            this.json = json;
        }
    }

    private Scoped compile(Schema schema) {
        if (schema.type() != Schema.Type.STRUCT || ChangeEvents.isControlRecord(schema)) {
            return null;
        }
        EnvelopeSchema env = mode == EnvelopeMode.OFF ? null : EnvelopeSchema.detect(schema);
        if (env != null) {
            return env.isMessage() ? null : envelope(env);
        }
        if (mode == EnvelopeMode.ROW) {
            return null;
        }
        RowPlan rowPlan = rowPlans.forSchema(schema, null);
        StructForm row = rowPlan.compile(schema);
        return row.isIdentity() ? null : new Scoped(row, Image.VALUE, rowPlan.needsContext());
    }

    private Scoped envelope(EnvelopeSchema env) {
        if (env.dialect().rowsAsJsonText()) {
            JsonImages json = JsonImages.of(plan, env, envelopePart);
            return json.isIdentity() ? null : new Scoped(json);
        }
        if (env.dialect() == Dialect.CANAL) {
            return canal(env);
        }
        Map<String, StructNodes.Node> images = new LinkedHashMap<>();
        StructForm after = image(env.afterField(), null, env.schema());
        StructForm before = image(env.beforeField(), after, env.schema());
        if (after != null && !after.isIdentity()) {
            images.put(env.afterField().name(), new StructNodes.ImageOf(after.node(), Image.AFTER));
        }
        if (before != null && !before.isIdentity()) {
            images.put(env.beforeField().name(), new StructNodes.ImageOf(before.node(), Image.BEFORE));
        }
        StructForm form = envelopePart.compile(env.schema(), false, images);
        boolean context = envelopePart.needsContext() || (after != null && after.needsContext())
                || (before != null && before.needsContext());
        return form.isIdentity() ? null : new Scoped(form, Image.AFTER, context);
    }

    /**
     * Canal's envelope: each row of {@code data} (a delete's deleted rows as before images, else after
     * images) and of {@code old} (partial before images) by the row form of the array's element
     * schema; one form, so one output row schema, when both arrays have one element schema.
     */
    private Scoped canal(EnvelopeSchema env) {
        Field data = env.dataField();
        Field old = env.oldField();
        StructForm dataForm = data == null ? null : image(data.schema().valueSchema(), null, env.schema());
        StructForm oldForm = old == null ? null : image(old.schema().valueSchema(), dataForm, env.schema());
        Map<String, StructNodes.Node> images = new LinkedHashMap<>();
        Field op = env.opField();
        if (dataForm != null && !dataForm.isIdentity()) {
            images.put(data.name(), new StructNodes.Rows(arrayOf(data.schema(), dataForm.outputSchema()),
                    dataForm.node(), envelope -> "DELETE".equals(((Struct) envelope).get(op)) ? Image.BEFORE
                    : Image.AFTER, false));
        }
        if (oldForm != null && !oldForm.isIdentity()) {
            images.put(old.name(), new StructNodes.Rows(arrayOf(old.schema(), oldForm.outputSchema()),
                    oldForm.node(), envelope -> Image.BEFORE, true));
        }
        StructForm form = envelopePart.compile(env.schema(), false, images);
        boolean context = envelopePart.needsContext() || (dataForm != null && dataForm.needsContext())
                || (oldForm != null && oldForm.needsContext());
        return form.isIdentity() ? null : new Scoped(form, Image.AFTER, context);
    }

    /** An array schema like {@code array} (name, optionality, ...) of {@code element}s. */
    private static Schema arrayOf(Schema array, Schema element) {
        SchemaBuilder b = SchemaCopy.copyMetadata(array, SchemaBuilder.array(element));
        return (array.isOptional() ? b.optional() : b).build();
    }

    /** The form of one image field; {@code other}'s when both images have one schema, so they keep one. */
    private StructForm image(Field field, StructForm other, Schema envelopeSchema) {
        if (field == null || field.schema().type() != Schema.Type.STRUCT) {
            return null;
        }
        return image(field.schema(), other, envelopeSchema);
    }

    private StructForm image(Schema s, StructForm other, Schema envelopeSchema) {
        if (s.type() != Schema.Type.STRUCT) {
            return null;
        }
        if (other != null && (other.inputSchema() == s || other.inputSchema().equals(s))) {
            return other;
        }
        return rowPlans.forSchema(s, envelopeSchema).compileImage(s);
    }

    // ------------------------------------------------------------------ Map values

    private Map<String, Object> applyMap(ConnectRecord<?> record, Map<String, Object> value, Object argument) {
        if (ChangeEvents.isControlRecord(value)) {
            return value;
        }
        ChangeEvent ev = mode == EnvelopeMode.OFF ? null : ChangeEvents.detect(value);
        if (ev == null) {
            return mode == EnvelopeMode.ROW ? value : plan.apply(value,
                    plan.needsContext() ? context(record, value, argument, Image.VALUE) : null);
        }
        if (ev.dialect().rowsAsJsonText()) {
            Map<String, Object> rewritten = plan.isEmpty() ? value : schemalessJson.apply(value, record, argument);
            return envelopePart.apply(rewritten,
                    envelopePart.needsContext() ? context(record, value, argument, Image.AFTER) : null);
        }
        if (ev.op() == Operation.MESSAGE) {
            return value;
        }
        Map<String, Object> out;
        if (ev.dialect() == Dialect.CANAL) {
            Image dataImage = ev.op() == Operation.DELETE ? Image.BEFORE : Image.AFTER;
            out = rows(record, value, value, "data", dataImage, false, argument);
            out = rows(record, value, out, "old", Image.BEFORE, true, argument);
        } else {
            boolean maxwell = ev.dialect() == Dialect.MAXWELL;
            String afterKey = maxwell ? "data" : ChangeEvents.FIELD_AFTER;
            String beforeKey = maxwell ? "old" : ChangeEvents.FIELD_BEFORE;
            Image dataImage = maxwell && ev.op() == Operation.DELETE ? Image.BEFORE : Image.AFTER;
            out = image(record, value, value, afterKey, dataImage, false, argument);
            out = image(record, value, out, beforeKey, Image.BEFORE, maxwell, argument);
        }
        return envelopePart.apply(out,
                envelopePart.needsContext() ? context(record, value, argument, Image.AFTER) : null);
    }

    /** {@code out} with the image under {@code key} rewritten (copied from {@code envelope} if it changes). */
    private Map<String, Object> image(ConnectRecord<?> record, Map<String, Object> envelope, Map<String, Object> out,
                                      String key, Image image, boolean partial, Object argument) {
        Object row = envelope.get(key);
        if (!(row instanceof Map)) {
            return out;
        }
        Map<String, Object> rewritten = rewrite(record, envelope, castMap(row), image, partial, argument);
        return rewritten == row ? out : with(envelope, out, key, rewritten);
    }

    /** {@code out} with each row of the list under {@code key} rewritten (Canal's {@code data} and {@code old}). */
    private Map<String, Object> rows(ConnectRecord<?> record, Map<String, Object> envelope, Map<String, Object> out,
                                     String key, Image image, boolean partial, Object argument) {
        Object rows = envelope.get(key);
        if (!(rows instanceof List)) {
            return out;
        }
        List<?> in = (List<?>) rows;
        List<Object> copy = null;
        for (int i = 0, n = in.size(); i < n; i++) {
            Object row = in.get(i);
            Object rewritten = row instanceof Map
                    ? rewrite(record, envelope, castMap(row), image, partial, argument) : row;
            if (rewritten != row && copy == null) {
                copy = new ArrayList<>(in.subList(0, i));
            }
            if (copy != null) {
                copy.add(rewritten);
            }
        }
        return copy == null ? out : with(envelope, out, key, copy);
    }

    private Map<String, Object> rewrite(ConnectRecord<?> record, Map<String, Object> envelope, Map<String, Object> in,
                                        Image image, boolean partial, Object argument) {
        RowContext context = !plan.needsContext() ? null : partial
                ? RowContext.of(record, in, envelope, image, argument).asPartial()
                : RowContext.of(record, in, envelope, image, argument);
        return partial ? plan.applyPartial(in, context) : plan.apply(in, context);
    }

    /** {@code out} (a copy of {@code envelope} made now if it is still the envelope) with {@code key} set. */
    private static Map<String, Object> with(Map<String, Object> envelope, Map<String, Object> out, String key,
                                            Object value) {
        Map<String, Object> copy = out == envelope ? new LinkedHashMap<>(envelope) : out;
        copy.put(key, value);
        return copy;
    }

    /** For messages: never the plan's functions or values. */
    @Override
    public String toString() {
        return "RowRewrite(" + mode.configValue() + ")";
    }
}
