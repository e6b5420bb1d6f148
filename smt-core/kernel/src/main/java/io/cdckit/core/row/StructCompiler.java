package io.cdckit.core.row;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.path.ResolvedPath;
import io.cdckit.core.record.SchemaCopy;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The compiler behind {@link StructForm}: the operations and additions of a plan, grouped field by
 * field and step by step, into the tree of {@link StructNodes} with its output schemas, rejecting
 * conflicts (see {@link StructForm}'s comment). Used once per plan and schema.
 */
final class StructCompiler {

    /** One operation on one concrete path, with the text the caller gave for messages. */
    static final class Op {
        final ResolvedPath path;
        final FieldOperation operation;
        final String source;

        Op(ResolvedPath path, FieldOperation operation, String source) {
            this.path = path;
            this.operation = operation;
            this.source = source;
        }

        boolean endsAt(int step) {
            return path.steps() == step + 1;
        }

        String describe() {
            return operation + " of '" + path + "' (from '" + source + "')";
        }
    }

    private final ReadMode reads;

    StructCompiler(ReadMode reads) {
        this.reads = reads;
    }

    // ------------------------------------------------------------------------------------------
    // Compilation: one node per rewritten position, each knowing its output schema.

    StructNodes.Node compile(Schema schema, List<Op> ops, List<Addition> additions, KeepSet keep, int step) {
        switch (schema.type()) {
            case STRUCT:
                return struct(schema, ops, additions, Map.of(), keep, step, false);
            case ARRAY:
            case MAP:
                return elements(schema, ops, keep.elements(), step);
            default:
                throw new IllegalStateException("Unexpected " + schema.type() + " at step " + step);
        }
    }

    StructNodes.Node struct(Schema schema, List<Op> ops, List<Addition> additions,
                            Map<String, StructNodes.Node> given, KeepSet keep, int step, boolean required) {
        // Group by field index: the paths may come from an equal schema with other Field objects.
        Map<Integer, List<Op>> byField = new HashMap<>();
        for (Op op : ops) {
            byField.computeIfAbsent(op.path.stepField(step).index(), i -> new ArrayList<>()).add(op);
        }
        Map<String, List<Addition>> addsByName = new LinkedHashMap<>();
        for (Addition a : additions) {
            addsByName.computeIfAbsent(a.names.get(step), n -> new ArrayList<>()).add(a);
        }
        StructShape shape = new StructShape(reads);
        Map<String, String> renamedFrom = new HashMap<>();
        // rebuild: the output schema differs; work: values are rewritten even if it does not
        boolean rebuild = required && schema.isOptional();
        boolean work = false;
        for (Field field : schema.fields()) {
            List<Op> fieldOps = byField.getOrDefault(field.index(), List.of());
            List<Addition> fieldAdds = addsByName.get(field.name());
            StructNodes.Node child = given.get(field.name());
            if (child != null && (!fieldOps.isEmpty() || fieldAdds != null)) {
                throw new FieldPathException("'" + RowPlan.ENVELOPE + "." + field.name() + "' is a row image: "
                        + "address the fields of the row without " + RowPlan.ENVELOPE);
            }
            String name = field.name();
            KeepSet fieldKeep = keep.field(name);
            List<Op> deeper = new ArrayList<>();
            Op leaf = splitLeaf(fieldOps, step, deeper);
            FieldOperation operation = leaf == null ? null : leaf.operation;
            if (fieldKeep == null || operation != null && operation.removes()) {
                // gone: what the plan adds at or below its name is a new field, added after the others
                rebuild = true;
                continue;
            }
            if (operation != null && operation.renames() && !operation.newName().equals(name)
                    && fieldAdds != null && fieldAdds.stream().allMatch(a -> a.endsAt(step))) {
                // renamed away: an addition at its old name is a new field (one below it goes into the renamed struct)
                fieldAdds = null;
            } else {
                addsByName.remove(field.name());
            }
            Addition overwrite = leafAddition(fieldAdds, step, field, leaf);
            if (overwrite != null && !deeper.isEmpty()) {
                throw new FieldPathException("Conflicting operations: setting '" + overwrite.path
                        + "' overrides " + deeper.get(0).describe() + " inside it");
            }
            if (overwrite != null) {
                shape.overwritten(field, overwrite);
                work = true;
                continue;
            }
            List<Addition> deeperAdds = fieldAdds == null ? List.of() : fieldAdds;
            if (operation != null && operation.replaces()) {
                rejectAddsInto(fieldAdds, leaf);
                child = new StructNodes.Replace(sameOr(field.schema(), operation.newSchema()),
                        operation.function(), leaf.path.toString());
            } else if (!deeper.isEmpty() || !deeperAdds.isEmpty() || !fieldKeep.keepsAll() && isContainer(field.schema())) {
                if (!deeperAdds.isEmpty() && field.schema().type() != Schema.Type.STRUCT) {
                    throw new FieldPathException("Cannot add a field at '" + deeperAdds.get(0).path + "': '"
                            + prefix(deeperAdds.get(0), step) + "' is a " + field.schema().type() + ", not a struct");
                }
                child = compile(field.schema(), deeper, deeperAdds, fieldKeep, step + 1);
            }
            if (operation != null && operation.renames()) {
                name = operation.newName();
                renamedFrom.put(name, "'" + leaf.path + "' to '" + name + "' (from '" + leaf.source + "')");
            }
            if (child instanceof StructNodes.Unchanged) {
                child = null;
            }
            Schema fieldSchema = child == null ? field.schema() : child.schema;
            work |= child != null;
            rebuild |= fieldSchema != field.schema() || !name.equals(field.name());
            shape.copied(field, name, fieldSchema, child);
        }
        for (Map.Entry<String, List<Addition>> e : addsByName.entrySet()) {
            shape.added(e.getKey(), newField(e.getKey(), e.getValue(), step));
            rebuild = true;
        }
        shape.checkNames(renamedFrom);
        if (!rebuild && !work) {
            return new StructNodes.Unchanged(schema);
        }
        if (step == 0 || additions.isEmpty()) {
            return shape.build(schema, rebuild, required);
        }
        Addition first = additions.get(0);
        return shape.build(schema, rebuild, required, prefix(first, step - 1), first.path.toString());
    }

    /** A node for a field that does not exist yet: an added leaf, or an optional struct of added fields. */
    private StructNodes.Node newField(String name, List<Addition> adds, int step) {
        Addition leaf = null;
        List<Addition> deeper = new ArrayList<>();
        for (Addition a : adds) {
            if (a.endsAt(step)) {
                if (leaf != null) {
                    throw new FieldPathException("Two fields are added at '" + a.path + "'");
                }
                leaf = a;
            } else {
                deeper.add(a);
            }
        }
        if (leaf != null && !deeper.isEmpty()) {
            throw new FieldPathException("Cannot add '" + deeper.get(0).path + "' inside '" + leaf.path
                    + "', which is added as a " + leaf.schema.type());
        }
        if (leaf != null) {
            return new StructNodes.Add(leaf.schema, leaf.source, leaf.path.toString(), fits(leaf.source, leaf.schema));
        }
        StructShape shape = new StructShape(reads);
        Map<String, List<Addition>> byName = new LinkedHashMap<>();
        for (Addition a : deeper) {
            byName.computeIfAbsent(a.names.get(step + 1), n -> new ArrayList<>()).add(a);
        }
        for (Map.Entry<String, List<Addition>> e : byName.entrySet()) {
            shape.added(e.getKey(), newField(e.getKey(), e.getValue(), step + 1));
        }
        return shape.buildNew();
    }

    private StructNodes.Node elements(Schema schema, List<Op> ops, KeepSet keep, int step) {
        List<Op> deeper = new ArrayList<>();
        Op leaf = splitLeaf(ops, step, deeper);
        Schema valueSchema = schema.valueSchema();
        boolean inside = !deeper.isEmpty() || !keep.keepsAll() && isContainer(valueSchema);
        StructNodes.Node child = leaf != null
                ? new StructNodes.Replace(sameOr(valueSchema, leaf.operation.newSchema()), leaf.operation.function(),
                        leaf.path.toString())
                : inside ? compile(valueSchema, deeper, List.of(), keep, step + 1) : new StructNodes.Unchanged(valueSchema);
        if (child instanceof StructNodes.Unchanged) {
            return new StructNodes.Unchanged(schema);
        }
        boolean isArray = schema.type() == Schema.Type.ARRAY;
        Schema out = schema;
        if (child.schema != valueSchema) {
            out = optionalLike(schema, isArray
                    ? SchemaBuilder.array(child.schema)
                    : SchemaBuilder.map(schema.keySchema(), child.schema)).build();
        }
        return new StructNodes.Elements(out, child);
    }

    /** The addition ending at {@code field} that overwrites it, after checking it may. */
    private static Addition leafAddition(List<Addition> adds, int step, Field field, Op leaf) {
        if (adds == null) {
            return null;
        }
        for (Addition a : adds) {
            if (!a.endsAt(step)) {
                continue;
            }
            if (!a.overwrite) {
                throw new FieldPathException("Cannot add field '" + a.path + "'" + a.origin()
                        + ": the struct already has a field '" + field.name() + "'");
            }
            if (leaf != null) {
                throw new FieldPathException("Conflicting operations: " + leaf.describe()
                        + " and setting '" + a.path + "'");
            }
            if (!sameShape(field.schema(), a)) {
                throw new FieldPathException("Cannot set field '" + a.path + "': the struct has a field '"
                        + field.name() + "' of type " + io.cdckit.core.record.Describe.schema(field.schema())
                        + (field.schema().isOptional() ? "" : " (required)") + ", not "
                        + io.cdckit.core.record.Describe.schema(a.schema)
                        + (a.schema.isOptional() ? " (optional)" : ""));
            }
            if (adds.size() > 1) {
                throw new FieldPathException("Cannot add inside '" + a.path + "', which is set as a whole");
            }
            return a;
        }
        return null;
    }

    private static void rejectAddsInto(List<Addition> adds, Op leaf) {
        if (adds != null && !adds.isEmpty()) {
            throw new FieldPathException("Conflicting operations: " + leaf.describe() + " and adding '"
                    + adds.get(0).path + "' inside it");
        }
    }

    private static boolean isContainer(Schema schema) {
        Schema.Type t = schema.type();
        return t == Schema.Type.STRUCT || t == Schema.Type.ARRAY || t == Schema.Type.MAP;
    }

    /** Whether an existing field can take the values of an addition that overwrites it. */
    private static boolean sameShape(Schema existing, Addition a) {
        Schema s = a.schema;
        if (existing.type() != s.type() || (s.isOptional() && !existing.isOptional())) {
            return false;
        }
        if (existing.type() == Schema.Type.ARRAY || existing.type() == Schema.Type.MAP) {
            return existing.valueSchema().type() == s.valueSchema().type();
        }
        return true;
    }

    /** Whether a source's values always fit {@code target}: a primitive of the same type and logical name. */
    static boolean fits(ValueSource source, Schema target) {
        Schema from = source.valueSchema();
        return from != null && from.type().isPrimitive() && from.type() == target.type()
                && Objects.equals(from.name(), target.name());
    }

    private static String prefix(Addition a, int step) {
        return FieldPath.literal(a.names.subList(0, step + 1).toArray(new String[0])).toString();
    }

    /**
     * Splits the ops for one position into the one ending there (returned; null if none) and those
     * going deeper (added to {@code deeper}), rejecting two ops ending there and a REMOVE or
     * REPLACE there with anything deeper.
     */
    private static Op splitLeaf(List<Op> ops, int step, List<Op> deeper) {
        Op leaf = null;
        for (Op op : ops) {
            if (!op.endsAt(step)) {
                deeper.add(op);
            } else if (leaf != null) {
                throw new FieldPathException("Conflicting operations on '" + op.path + "': "
                    + leaf.operation + " (from '" + leaf.source + "') and "
                    + op.operation + " (from '" + op.source + "')");
            } else {
                leaf = op;
            }
        }
        if (leaf != null && !deeper.isEmpty() && (leaf.operation.removes() || leaf.operation.replaces())) {
            throw new FieldPathException("Conflicting operations: " + leaf.describe() + " overrides "
                + deeper.get(0).describe() + " inside it");
        }
        return leaf;
    }

    /** @return the old schema if the new one is absent or equal to it, so unchanged schemas keep their identity */
    private static Schema sameOr(Schema old, Schema replacement) {
        return replacement == null || replacement == old || replacement.equals(old) ? old : replacement;
    }

    /** Copies name, version, doc, parameters and optionality; not the type-specific parts or the default. */
    static SchemaBuilder optionalLike(Schema from, SchemaBuilder to) {
        SchemaCopy.copyMetadata(from, to);
        if (from.isOptional()) {
            to.optional();
        }
        return to;
    }
}
