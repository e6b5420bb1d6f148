package io.cdckit.core.row;

import io.cdckit.core.cdc.ChangeEvents;
import io.cdckit.core.cdc.EnvelopeSchema;
import io.cdckit.core.document.ExtendedJson;
import io.cdckit.core.document.ExtendedJsonWriter;
import io.cdckit.core.record.RawStructs;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Row scope for change events whose images are JSON text (Debezium's MongoDB envelopes): each
 * image ({@code before}, {@code after}) is read as a document of typed values
 * ({@link ExtendedJson}), rewritten by the schemaless row plan, and written back as strict
 * extended JSON ({@link ExtendedJsonWriter}, the connector's mode), so the envelope keeps its
 * schema and {@code Unwrap} still reads it; {@code updateDescription.updatedFields} is rewritten
 * as a partial image (nothing required, nothing added). An image the plan leaves alone keeps its
 * text. The plan's envelope paths apply to the rewritten envelope.
 */
final class JsonImages {

    private static final String UPDATED_FIELDS = "updatedFields";

    private final RowPlan plan;
    /** Schema'd envelopes: the image fields, the update block, and the envelope part's form (null: none). */
    private final Field before;
    private final Field after;
    private final Field update;
    private final StructForm envelopeForm;

    private JsonImages(RowPlan plan, Field before, Field after, Field update, StructForm envelopeForm) {
        this.plan = plan;
        this.before = before;
        this.after = after;
        this.update = update;
        this.envelopeForm = envelopeForm;
    }

    static JsonImages of(RowPlan plan, EnvelopeSchema env, RowPlan envelopePart) {
        StructForm form = envelopePart.compile(env.schema(), false, Map.of());
        return new JsonImages(plan, env.beforeField(), env.afterField(), env.updateDescriptionField(),
                form.isIdentity() ? null : form);
    }

    /** Whether this rewrite changes nothing (no row paths, no envelope paths): its events then pass as they are. */
    boolean isIdentity() {
        return plan.isEmpty() && envelopeForm == null;
    }

    static JsonImages schemaless(RowPlan plan) {
        return new JsonImages(plan, null, null, null, null);
    }

    Struct apply(Struct envelope, ConnectRecord<?> record, Object argument) {
        Object b = before == null ? null : RawStructs.get(envelope, before);
        Object a = after == null ? null : RawStructs.get(envelope, after);
        Object u = update == null ? null : RawStructs.get(envelope, update);
        String newBefore = rewrite(b, ChangeEvents.FIELD_BEFORE, Image.BEFORE, false, record, envelope, argument);
        String newAfter = rewrite(a, ChangeEvents.FIELD_AFTER, Image.AFTER, false, record, envelope, argument);
        Struct newUpdate = u instanceof Struct ? updateBlock((Struct) u, record, envelope, argument) : (Struct) u;
        Struct out = envelope;
        if (newBefore != b || newAfter != a || newUpdate != u) {
            out = new Struct(envelope.schema());
            for (Field f : envelope.schema().fields()) {
                Object v = f == before ? newBefore : f == after ? newAfter : f == update ? newUpdate
                        : RawStructs.get(envelope, f);
                out.put(f, v);
            }
        }
        if (envelopeForm != null) {
            return envelopeForm.apply(out, envelopeForm.needsContext()
                    ? RowContext.of(record, null, out, Image.AFTER, argument) : null);
        }
        return out;
    }

    private Struct updateBlock(Struct u, ConnectRecord<?> record, Object envelope, Object argument) {
        Field f = u.schema().field(UPDATED_FIELDS);
        if (f == null) {
            return u;
        }
        Object text = RawStructs.get(u, f);
        String rewritten = rewrite(text, "updateDescription.updatedFields", Image.AFTER, true, record, envelope, argument);
        if (rewritten == text) {
            return u;
        }
        Struct copy = new Struct(u.schema());
        for (Field g : u.schema().fields()) {
            copy.put(g, g == f ? rewritten : RawStructs.get(u, g));
        }
        return copy;
    }

    /** The schemaless envelope, its JSON images rewritten (a copy when one changes). */
    Map<String, Object> apply(Map<String, Object> envelope, ConnectRecord<?> record, Object argument) {
        Map<String, Object> out = envelope;
        for (String key : new String[]{ChangeEvents.FIELD_BEFORE, ChangeEvents.FIELD_AFTER}) {
            Object text = envelope.get(key);
            String rewritten = rewrite(text, key, key.equals(ChangeEvents.FIELD_BEFORE) ? Image.BEFORE : Image.AFTER,
                    false, record, envelope, argument);
            if (rewritten != text) {
                out = out == envelope ? new LinkedHashMap<>(envelope) : out;
                out.put(key, rewritten);
            }
        }
        Object u = envelope.get(ChangeEvents.FIELD_UPDATE_DESCRIPTION);
        if (u instanceof Map) {
            Object text = ((Map<?, ?>) u).get(UPDATED_FIELDS);
            String rewritten = rewrite(text, "updateDescription.updatedFields", Image.AFTER, true, record, envelope,
                    argument);
            if (rewritten != text) {
                @SuppressWarnings("unchecked")
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) u);
                copy.put(UPDATED_FIELDS, rewritten);
                out = out == envelope ? new LinkedHashMap<>(envelope) : out;
                out.put(ChangeEvents.FIELD_UPDATE_DESCRIPTION, copy);
            }
        }
        return out;
    }

    /** The image text rewritten, or the same object when absent or unchanged. */
    private String rewrite(Object text, String field, Image image, boolean partial, ConnectRecord<?> record,
                           Object envelope, Object argument) {
        if (text == null) {
            return null;
        }
        if (!(text instanceof String)) {
            throw new DataException("change event field '" + field + "' must hold JSON text");
        }
        Map<String, Object> doc = ExtendedJson.parseDocument((String) text);
        RowContext context = null;
        if (plan.needsContext()) {
            context = RowContext.of(record, doc, envelope, image, argument);
            if (partial) {
                context = context.asPartial();
            }
        }
        Map<String, Object> out = partial ? plan.applyPartial(doc, context) : plan.apply(doc, context);
        return out == doc ? (String) text : ExtendedJsonWriter.write(out);
    }
}
