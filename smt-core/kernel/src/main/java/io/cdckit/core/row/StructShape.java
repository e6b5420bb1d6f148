package io.cdckit.core.row;

import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.record.SchemaCopy;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The output fields of one struct as compilation finds them, in order: copied (maybe renamed
 * or rewritten), overwritten, added.
 */
final class StructShape {
    private final boolean defaults;
    private final List<String> names = new ArrayList<>();
    private final List<Schema> schemas = new ArrayList<>();
    private final List<Field> inFields = new ArrayList<>();
    private final List<StructNodes.Node> children = new ArrayList<>();

    StructShape(ReadMode reads) {
        this.defaults = reads == ReadMode.DEFAULTS;
    }

    void copied(Field in, String name, Schema schema, StructNodes.Node child) {
        add(name, schema, in, child);
    }

    /** An existing field whose value an addition sets; it keeps its place and schema. */
    void overwritten(Field in, Addition a) {
        add(in.name(), in.schema(), null,
                new StructNodes.Add(in.schema(), a.source, a.path.toString(), StructCompiler.fits(a.source, in.schema())));
    }

    void added(String name, StructNodes.Node node) {
        add(name, node.schema, null, node);
    }

    private void add(String name, Schema schema, Field in, StructNodes.Node child) {
        names.add(name);
        schemas.add(schema);
        inFields.add(in);
        children.add(child instanceof StructNodes.Unchanged ? null : child);
    }

    /** Rejects a duplicate name, which a rename or an addition made. */
    void checkNames(Map<String, String> renamedFrom) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                String renamer = renamedFrom.get(name);
                throw new FieldPathException(renamer != null
                        ? "Cannot rename " + renamer + ": the struct already has a field '" + name + "'"
                        : "Cannot add field '" + name + "': the struct already has a field of that name");
            }
        }
    }

    /**
     * The node of a struct like {@code like}: with its own schema when nothing but values change
     * ({@code rebuild} false), else a rebuilt one; {@code required}: the output is not optional.
     */
    StructNodes.Node build(Schema like, boolean rebuild, boolean required) {
        return build(like, rebuild, required, null, null);
    }

    /**
     * As {@link #build(Schema, boolean, boolean)}, for a nested struct at {@code path} that the
     * plan adds {@code added} (a path) into, at any depth: a row where it is null fails.
     */
    StructNodes.Node build(Schema like, boolean rebuild, boolean required, String path, String added) {
        FieldPathException intoNull = path == null ? null : new FieldPathException(path, "Cannot add '" + added
                + "': '" + path + "' is null in this row, so the added value would be lost", null);
        if (!rebuild) {
            return new StructNodes.StructNode(like, like, inFields, children, defaults, intoNull);
        }
        SchemaBuilder b = required ? SchemaCopy.copyMetadata(like, SchemaBuilder.struct())
                : StructCompiler.optionalLike(like, SchemaBuilder.struct());
        return new StructNodes.StructNode(fields(b), like, inFields, children, defaults, intoNull);
    }

    /** The node of a struct that is not in the input: optional, made of added fields. */
    StructNodes.Node buildNew() {
        return new StructNodes.StructNode(fields(SchemaBuilder.struct().optional()), inFields, children, defaults);
    }

    private Schema fields(SchemaBuilder b) {
        for (int i = 0; i < names.size(); i++) {
            b.field(names.get(i), schemas.get(i));
        }
        return b.build();
    }
}
