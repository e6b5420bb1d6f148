package io.cdckit.core.path;

import io.cdckit.core.path.FieldPath.Segment;
import io.cdckit.core.record.Describe;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Resolution of a {@link FieldPath} against a Connect schema, depth first, into the concrete
 * {@link ResolvedPath}s it matches (see {@link FieldPath#resolve(Schema, Strictness)}); one instance
 * per call.
 */
final class PathResolver {

    private final FieldPath path;
    private final List<Segment> segments;
    private final Schema root;
    private final boolean strict;
    private final List<ResolvedPath> out = new ArrayList<>();
    private final List<Segment> concrete = new ArrayList<>();
    private final List<Field> steps = new ArrayList<>();
    private final List<Schema.Type> kinds = new ArrayList<>();

    PathResolver(FieldPath path, Schema root, boolean strict) {
        this.path = path;
        this.segments = path.segments();
        this.root = root;
        this.strict = strict;
    }

    static List<ResolvedPath> resolve(FieldPath path, Schema schema, boolean strict) {
        PathResolver r = new PathResolver(path, schema, strict);
        r.resolveFrom(schema, 0, true);
        return Collections.unmodifiableList(r.out);
    }

    void resolveFrom(Schema schema, int index, boolean literalPrefix) {
        Segment segment = segments.get(index);
        if (schema.type() != Schema.Type.STRUCT) {
            if (literalPrefix) {
                throw notAStruct(segment, schema);
            }
            return;
        }
        if (segment.isPattern()) {
            for (Field field : schema.fields()) {
                if (segment.matches(field.name())) {
                    descend(field, segment, index, false);
                }
            }
            return;
        }
        Field field = schema.field(segment.name());
        if (field == null) {
            if (literalPrefix && strict) {
                throw noSuchField(segment, schema);
            }
            return;
        }
        descend(field, segment, index, literalPrefix);
    }

    private void descend(Field field, Segment segment, int index, boolean literalPrefix) {
        int mark = steps.size();
        steps.add(field);
        kinds.add(Schema.Type.STRUCT);
        concrete.add(new Segment(field.name(), false, 0));
        Schema schema = field.schema();
        boolean fits = true;
        for (int e = 0; e < segment.elements(); e++) {
            Schema.Type type = schema.type();
            if (type != Schema.Type.ARRAY && type != Schema.Type.MAP) {
                if (literalPrefix) {
                    throw notACollection(segment, schema, e);
                }
                fits = false;
                break;
            }
            steps.add(null);
            kinds.add(type);
            schema = schema.valueSchema();
        }
        if (fits) {
            concrete.set(concrete.size() - 1, new Segment(field.name(), false, segment.elements()));
            if (index + 1 == segments.size()) {
                out.add(new ResolvedPath(root, new FieldPath(concrete), schema, steps, kinds));
            } else {
                resolveFrom(schema, index + 1, literalPrefix);
            }
        }
        concrete.remove(concrete.size() - 1);
        steps.subList(mark, steps.size()).clear();
        kinds.subList(mark, kinds.size()).clear();
    }

    private String prefix() {
        return concrete.isEmpty() ? "" : new FieldPath(concrete).toString();
    }

    private FieldPathException error(Segment segment, String why) {
        return new FieldPathException("Cannot resolve field path '" + path + "' at segment '"
            + segment + "': " + why);
    }

    private FieldPathException notAStruct(Segment segment, Schema schema) {
        String what = concrete.isEmpty() ? "the root schema" : "'" + prefix() + "'";
        Schema.Type type = schema.type();
        if (type == Schema.Type.ARRAY || type == Schema.Type.MAP) {
            if (concrete.isEmpty()) {
                return error(segment, "the root schema is " + article(type) + type + ", not a struct");
            }
            return error(segment, what + " is " + article(type) + type + "; address its "
                + (type == Schema.Type.ARRAY ? "elements" : "values") + " with " + prefix() + "[*]");
        }
        return error(segment, what + " is of type " + Describe.schema(schema) + ", not a struct");
    }

    private FieldPathException noSuchField(Segment segment, Schema struct) {
        StringBuilder why = new StringBuilder();
        why.append(concrete.isEmpty() ? "the root struct" : "struct '" + prefix() + "'");
        if (struct.name() != null) {
            why.append(" (schema '").append(struct.name()).append("')");
        }
        why.append(" has no field '").append(segment.name()).append("'; its fields are [");
        List<Field> fields = struct.fields();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                why.append(", ");
            }
            why.append(fields.get(i).name());
        }
        return error(segment, why.append(']').toString());
    }

    private FieldPathException notACollection(Segment segment, Schema schema, int elementsBefore) {
        Segment last = concrete.get(concrete.size() - 1);
        concrete.set(concrete.size() - 1, new Segment(last.name(), false, elementsBefore));
        return error(segment, "'" + prefix() + "' is of type " + Describe.schema(schema)
            + "; [*] applies only to an ARRAY or a MAP");
    }

    private static String article(Schema.Type type) {
        return type == Schema.Type.ARRAY ? "an " : "a ";
    }
}
