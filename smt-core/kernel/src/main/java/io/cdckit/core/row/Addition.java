package io.cdckit.core.row;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathException;

import org.apache.kafka.connect.data.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A field a {@link RowPlan} adds ({@code add}) or sets ({@code set}, {@code overwrite}): a literal
 * path, its schema, where its value comes from. Both forms compile from it.
 */
final class Addition {

    final FieldPath path;
    final List<String> names;
    final Schema schema;
    final ValueSource source;
    final boolean overwrite;
    /** The value comes from the row itself (a moved or copied field): made in partial images too. */
    final boolean fromRow;

    Addition(FieldPath path, Schema schema, ValueSource source, boolean overwrite) {
        this(path, schema, source, overwrite, false);
    }

    Addition(FieldPath path, Schema schema, ValueSource source, boolean overwrite, boolean fromRow) {
        if (!path.isSingleValued()) {
            throw new FieldPathException("Cannot add a field at '" + path
                    + "': an added field needs a literal path, without patterns or [*]");
        }
        this.path = path;
        List<String> n = new ArrayList<>();
        for (FieldPath.Segment s : path.segments()) {
            n.add(s.name());
        }
        this.names = List.copyOf(n);
        this.schema = Objects.requireNonNull(schema, "schema");
        this.source = Objects.requireNonNull(source, "source");
        this.overwrite = overwrite;
        this.fromRow = fromRow;
    }

    /** What the source says it is, for messages: {@code " (moved from 'a.b')"}, or nothing. */
    String origin() {
        String d = source.description();
        return d == null ? "" : " (" + d + ")";
    }

    boolean endsAt(int step) {
        return names.size() == step + 1;
    }
}
