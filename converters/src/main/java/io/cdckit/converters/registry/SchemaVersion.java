package io.cdckit.converters.registry;

import org.apache.avro.Schema;

import java.util.Objects;

/** One version of a subject: the subject, its version number, the schema id and the schema. */
public final class SchemaVersion {

    private final String subject;
    private final int version;
    private final int id;
    private final Schema schema;

    public SchemaVersion(String subject, int version, int id, Schema schema) {
        this.subject = Objects.requireNonNull(subject, "subject");
        this.version = version;
        this.id = id;
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    public String subject() {
        return subject;
    }

    public int version() {
        return version;
    }

    public int id() {
        return id;
    }

    public Schema schema() {
        return schema;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SchemaVersion)) {
            return false;
        }
        SchemaVersion that = (SchemaVersion) o;
        return version == that.version && id == that.id && subject.equals(that.subject) && schema.equals(that.schema);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, version, id);
    }

    @Override
    public String toString() {
        return "SchemaVersion{subject=" + subject + ", version=" + version + ", id=" + id + ", schema=" + schema.getFullName() + "}";
    }
}
