package io.cdckit.examples;

import io.cdckit.testkit.DecodedRecord;

import org.apache.kafka.connect.data.Struct;

/**
 * One change event as Debezium wrote it to Kafka (the raw envelope) and what the sink received for
 * it after cdckit's {@code Unwrap}: a row, a tombstone, or nothing (the transform dropped it).
 */
public final class Change {

    private final int number;
    private final DecodedRecord raw;
    private final DecodedRecord unwrapped;

    Change(int number, DecodedRecord raw, DecodedRecord unwrapped) {
        this.number = number;
        this.raw = raw;
        this.unwrapped = unwrapped;
    }

    /** 1-based position in the topic. */
    public int number() {
        return number;
    }

    /** The record on the raw topic: key and Debezium envelope. */
    public DecodedRecord raw() {
        return raw;
    }

    /** The record the sink received after the transform; null when the transform dropped it. */
    public DecodedRecord unwrapped() {
        return unwrapped;
    }

    public boolean dropped() {
        return unwrapped == null;
    }

    public boolean tombstone() {
        return raw.value == null;
    }

    /** The envelope's op code ({@code r}, {@code c}, {@code u}, {@code d}, {@code t}), or {@link Workload#TOMBSTONE}. */
    public String kind() {
        if (tombstone()) {
            return Workload.TOMBSTONE;
        }
        Object op = envelope().get("op");
        return op == null ? "?" : op.toString();
    }

    /** The envelope's before-image (null for creates, reads and tombstones). */
    public Struct before() {
        return tombstone() ? null : envelope().getStruct("before");
    }

    /** The envelope's after-image (null for deletes and tombstones). */
    public Struct after() {
        return tombstone() ? null : envelope().getStruct("after");
    }

    /** The row the sink received (null when dropped or a tombstone). */
    public Struct row() {
        return unwrapped == null || !(unwrapped.value instanceof Struct) ? null : (Struct) unwrapped.value;
    }

    private Struct envelope() {
        if (!(raw.value instanceof Struct)) {
            throw new IllegalStateException("record " + number + " on " + raw.topic + " is not a Debezium envelope");
        }
        return (Struct) raw.value;
    }

    @Override
    public String toString() {
        return "Change{#" + number + " " + kind() + (dropped() ? " dropped" : "") + "}";
    }
}
