package io.cdckit.converters.compat;

import java.util.stream.Collectors;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/** Short readable forms of Avro types: {@code int}, {@code ["null","string"]}, {@code record x.Y}. */
final class TypeNames {

    static final String ABSENT = "absent";

    private TypeNames() {
    }

    static String shortForm(Schema schema) {
        if (schema == null) {
            return ABSENT;
        }
        switch (schema.getType()) {
            case RECORD:
                return (schema.isError() ? "error " : "record ") + schema.getFullName();
            case ENUM:
                return "enum " + schema.getFullName();
            case FIXED:
                return withLogical("fixed " + schema.getFullName() + "(" + schema.getFixedSize() + ")", schema);
            case ARRAY:
                return "array<" + shortForm(schema.getElementType()) + ">";
            case MAP:
                return "map<" + shortForm(schema.getValueType()) + ">";
            case UNION:
                return schema.getTypes().stream()
                        .map(branch -> "\"" + branchName(branch) + "\"")
                        .collect(Collectors.joining(",", "[", "]"));
            default:
                return withLogical(schema.getType().getName(), schema);
        }
    }

    /** Within a union, named types are shown by their full name only, as in Avro JSON. */
    private static String branchName(Schema branch) {
        switch (branch.getType()) {
            case RECORD:
            case ENUM:
            case FIXED:
                return branch.getFullName();
            default:
                return shortForm(branch);
        }
    }

    private static String withLogical(String base, Schema schema) {
        LogicalType logical = schema.getLogicalType();
        if (logical == null) {
            String unvalidated = schema.getProp(LogicalType.LOGICAL_TYPE_PROP);
            return unvalidated == null ? base : base + " " + unvalidated;
        }
        if (logical instanceof LogicalTypes.Decimal) {
            LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) logical;
            return base + " decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
        }
        return base + " " + logical.getName();
    }
}
