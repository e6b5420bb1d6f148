package io.cdckit.smt.masking;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.path.ResolvedPath;
import io.cdckit.core.path.SchemaPaths;
import io.cdckit.core.path.Strictness;
import io.cdckit.core.row.FieldOperation;
import io.cdckit.core.row.RowPlan;
import io.cdckit.core.row.RowPlans;
import io.cdckit.core.time.TemporalType;
import io.cdckit.smt.masking.detect.ContentScanner;

import org.apache.kafka.connect.data.Schema;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Content detection ({@code detect}) as kernel row plans, run after the listed fields are masked:
 * in the string fields {@code detect.fields} names, or, when it is empty, in every string field
 * (JSON and XML text too, not the temporal ones) at any depth (structs, arrays, map values) that no
 * listed path masks; schemaless, in the
 * named fields or every top-level string value. Each match inside the text becomes what
 * {@code detect.mode} makes of it; the rest of the text is kept. The TOAST placeholder is never
 * scanned.
 */
final class DetectPlans implements RowPlans {

    private final ContentScanner scanner;
    private final Function<String, String> masker;
    private final List<FieldPath> fields;
    private final List<FieldPath> listed;
    private final String placeholder;
    private final RowPlan fixed;

    /**
     * @param masker what a match becomes
     * @param fields {@code detect.fields}; empty: every string field
     * @param listed the paths Mask masks by mode, which detection leaves alone
     */
    DetectPlans(ContentScanner scanner, Function<String, String> masker, List<FieldPath> fields, List<FieldPath> listed,
                String placeholder) {
        this.scanner = scanner;
        this.masker = masker;
        this.fields = List.copyOf(fields);
        this.listed = List.copyOf(listed);
        this.placeholder = placeholder;
        RowPlan.Builder b = RowPlan.builder();
        for (FieldPath p : fields.isEmpty() ? List.of(FieldPath.parse("*")) : fields) {
            b.field(p, Strictness.LENIENT, f -> detect(f.schema()));
        }
        this.fixed = b.build();
    }

    /**
     * Detection on a field of {@code schema} (null: schemaless, any string value): strings, JSON and
     * XML text included, but not the temporal ones (whose format a match would break).
     */
    private FieldOperation detect(Schema schema) {
        if (schema != null && (schema.type() != Schema.Type.STRING || TemporalType.of(schema) != null)) {
            return FieldOperation.keep();
        }
        return FieldOperation.replace(v -> v instanceof String s && !s.equals(placeholder)
                ? scanner.replace(s, (match, detector) -> masker.apply(match)) : v);
    }

    @Override
    public RowPlan forSchema(Schema rowSchema, Schema envelopeSchema) {
        if (!fields.isEmpty()) {
            return fixed;
        }
        Set<String> masked = new HashSet<>();
        for (FieldPath p : listed) {
            try {
                for (ResolvedPath r : p.resolve(rowSchema, Strictness.LENIENT)) {
                    masked.add(r.path().toString());
                }
            } catch (FieldPathException e) {
                // the listed path's own plan reports it
            }
        }
        RowPlan.Builder b = RowPlan.builder();
        SchemaPaths.forEach(rowSchema, (path, schema) -> {
            if (masked.contains(path.toString())) {
                return false;
            }
            if (schema.type() == Schema.Type.STRING && TemporalType.of(schema) == null) {
                b.field(path, Strictness.LENIENT, f -> detect(f.schema()));
            }
            return true;
        });
        return b.build();
    }

    @Override
    public RowPlan schemaless() {
        return fixed;
    }
}
