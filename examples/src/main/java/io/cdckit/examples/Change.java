package io.cdckit.examples;

import io.cdckit.testkit.DecodedRecord;

import org.apache.kafka.connect.data.Struct;

/**
 * One change event at each stage of the demo's pipeline: as Debezium wrote it (the raw envelope),
 * after {@code ChangedFields}, {@code Mask} and {@code TimestampNormalizer} (still an envelope), and
 * what the sink read back through {@code AvroConverter} at the end of the chain (a row), with the
 * topic the router chose and the version of the schema it was written with.
 */
public final class Change {

    private final int number;
    private final Workload.Event event;
    private final DecodedRecord raw;
    private final DecodedRecord masked;
    private final DecodedRecord row;
    private final int schemaId;
    private final int schemaVersion;

    Change(int number, Workload.Event event, DecodedRecord raw, DecodedRecord masked, DecodedRecord row,
           int schemaId, int schemaVersion) {
        this.number = number;
        this.event = event;
        this.raw = raw;
        this.masked = masked;
        this.row = row;
        this.schemaId = schemaId;
        this.schemaVersion = schemaVersion;
    }

    /** 1-based position in the demo's output. */
    public int number() {
        return number;
    }

    public Workload.Event event() {
        return event;
    }

    /** The raw envelope, as Debezium wrote it. */
    public DecodedRecord raw() {
        return raw;
    }

    /** The envelope after {@code ChangedFields}, {@code Mask} and {@code TimestampNormalizer}. */
    public DecodedRecord masked() {
        return masked;
    }

    /** The record at the end of the chain, as the sink read it through {@code AvroConverter}. */
    public DecodedRecord finalRecord() {
        return row;
    }

    /** The row at the end of the chain. */
    public Struct row() {
        return (Struct) row.value;
    }

    /** The topic the router sent the row to. */
    public String topic() {
        return row.topic;
    }

    /** The registry's id of the schema the row was written with. */
    public int schemaId() {
        return schemaId;
    }

    /** The version of that schema in its subject (1, 2, ...). */
    public int schemaVersion() {
        return schemaVersion;
    }

    /** The raw envelope's image of the row: after, or before for a delete. */
    public Struct rawImage() {
        return image(raw);
    }

    /** The masked envelope's image of the row: after, or before for a delete. */
    public Struct maskedImage() {
        return image(masked);
    }

    private Struct image(DecodedRecord r) {
        Struct envelope = (Struct) r.value;
        return envelope.getStruct(Workload.DELETE.equals(event.op()) ? "before" : "after");
    }

    @Override
    public String toString() {
        return "Change{#" + number + " " + event.table() + " " + event.op() + " -> " + row.topic + "}";
    }
}
