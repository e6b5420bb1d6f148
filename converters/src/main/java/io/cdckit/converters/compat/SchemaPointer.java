package io.cdckit.converters.compat;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Follows one of Avro's compatibility locations (a JSON pointer such as
 * {@code /fields/3/type/fields/1/type}) through the reader and writer schemas at once, to name the
 * field it designates ({@code after.email}) and the reader and writer types of that field.
 *
 * <p>Avro's pointer is built while walking the reader schema: {@code fields/N} is the N-th field of
 * the reader record, {@code type} its schema, {@code items}/{@code values} the element/value type,
 * a bare number the branch of a writer union, and {@code name}, {@code size}, {@code symbols} the
 * attribute of a named type that differs. Union branches do not add to the dotted path (an optional
 * {@code after} stays {@code after}), and the reported types stay the field's types (the whole union)
 * rather than one branch.
 */
final class SchemaPointer {

    static final String ROOT = "<root>";

    /** The outcome of a walk. */
    static final class Target {
        final String path;
        final Schema readerType;
        final Schema writerType;
        final boolean readerFieldEnd;

        Target(String path, Schema readerType, Schema writerType, boolean readerFieldEnd) {
            this.path = path;
            this.readerType = readerType;
            this.writerType = writerType;
            this.readerFieldEnd = readerFieldEnd;
        }
    }

    private SchemaPointer() {
    }

    static List<String> tokens(String location) {
        List<String> tokens = new ArrayList<>();
        if (location == null) {
            return tokens;
        }
        for (String token : location.split("/")) {
            if (!token.isEmpty()) {
                tokens.add(token.replace("~1", "/").replace("~0", "~"));
            }
        }
        return tokens;
    }

    static Target walk(Schema readerRoot, Schema writerRoot, String location) {
        List<String> tokens = tokens(location);
        List<String> segments = new ArrayList<>();
        Schema reader = readerRoot;
        Schema writer = writerRoot;
        Schema shownReader = readerRoot;
        Schema shownWriter = writerRoot;
        boolean fieldEnd = false;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            fieldEnd = false;
            if ("fields".equals(token) && i + 1 < tokens.size() && isIndex(tokens.get(i + 1))) {
                int index = Integer.parseInt(tokens.get(++i));
                Schema readerRecord = resolve(reader, writer, Schema.Type.RECORD);
                Schema writerRecord = resolve(writer, readerRecord, Schema.Type.RECORD);
                if (readerRecord == null || index >= readerRecord.getFields().size()) {
                    break;
                }
                Schema.Field readerField = readerRecord.getFields().get(index);
                Schema.Field writerField = writerRecord == null ? null : writerField(writerRecord, readerField);
                segments.add(readerField.name());
                reader = readerField.schema();
                writer = writerField == null ? null : writerField.schema();
                shownReader = reader;
                shownWriter = writer;
                if (i + 1 < tokens.size() && "type".equals(tokens.get(i + 1))) {
                    i++;
                } else {
                    fieldEnd = true;
                }
            } else if ("items".equals(token) || "values".equals(token)) {
                Schema.Type container = "items".equals(token) ? Schema.Type.ARRAY : Schema.Type.MAP;
                Schema readerContainer = resolve(reader, writer, container);
                Schema writerContainer = resolve(writer, readerContainer, container);
                reader = inner(readerContainer);
                writer = inner(writerContainer);
                shownReader = reader;
                shownWriter = writer;
                String marker = container == Schema.Type.ARRAY ? "[*]" : "{*}";
                if (segments.isEmpty()) {
                    segments.add(marker);
                } else {
                    segments.set(segments.size() - 1, segments.get(segments.size() - 1) + marker);
                }
            } else if (isIndex(token)) {
                // a branch of the writer union; the reader stays (Avro resolves it against the whole reader)
                int index = Integer.parseInt(token);
                if (writer != null && writer.getType() == Schema.Type.UNION && index < writer.getTypes().size()) {
                    writer = writer.getTypes().get(index);
                    if (reader != null && reader.getType() == Schema.Type.UNION) {
                        Schema match = matchingBranch(reader, writer);
                        if (match != null) {
                            reader = match;
                        }
                    }
                } else if (reader != null && reader.getType() == Schema.Type.UNION && index < reader.getTypes().size()) {
                    reader = reader.getTypes().get(index);
                }
            } else {
                // "name", "size", "symbols", "type": attributes of the current type; nothing to descend into
                if (!"type".equals(token)) {
                    break;
                }
            }
        }
        String path = segments.isEmpty() ? ROOT : String.join(".", segments);
        return new Target(path, shownReader, shownWriter, fieldEnd);
    }

    /** Avro's own field lookup for resolution: by name, then by the reader field's aliases. */
    static Schema.Field writerField(Schema writerRecord, Schema.Field readerField) {
        Schema.Field field = writerRecord.getField(readerField.name());
        if (field != null) {
            return field;
        }
        for (String alias : readerField.aliases()) {
            field = writerRecord.getField(alias);
            if (field != null) {
                return field;
            }
        }
        return null;
    }

    /**
     * The branch of {@code union} that corresponds to {@code other}: same full name for named types,
     * same type otherwise; null when none.
     */
    static Schema matchingBranch(Schema union, Schema other) {
        if (union == null || union.getType() != Schema.Type.UNION || other == null) {
            return null;
        }
        for (Schema branch : union.getTypes()) {
            if (branch.getType() != other.getType()) {
                continue;
            }
            if (isNamed(branch)) {
                if (branch.getFullName().equals(other.getFullName())
                        || branch.getAliases().contains(other.getFullName())
                        || other.getAliases().contains(branch.getFullName())) {
                    return branch;
                }
            } else {
                return branch;
            }
        }
        return null;
    }

    static boolean isNamed(Schema schema) {
        Schema.Type type = schema.getType();
        return type == Schema.Type.RECORD || type == Schema.Type.ENUM || type == Schema.Type.FIXED;
    }

    /** {@code schema} if of {@code type}; else its union branch of that type matching {@code other}. */
    private static Schema resolve(Schema schema, Schema other, Schema.Type type) {
        if (schema == null) {
            return null;
        }
        if (schema.getType() == type) {
            return schema;
        }
        if (schema.getType() == Schema.Type.UNION) {
            Schema match = other != null && other.getType() == type ? matchingBranch(schema, other) : null;
            if (match != null) {
                return match;
            }
            for (Schema branch : schema.getTypes()) {
                if (branch.getType() == type) {
                    return branch;
                }
            }
        }
        return null;
    }

    private static Schema inner(Schema container) {
        if (container == null) {
            return null;
        }
        return container.getType() == Schema.Type.ARRAY ? container.getElementType() : container.getValueType();
    }

    private static boolean isIndex(String token) {
        if (token.isEmpty() || token.length() > 9) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            if (!Character.isDigit(token.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
