package io.cdckit.smt.unwrap;

import io.cdckit.core.config.ConfigValue;

/** What {@link Unwrap} does with delete events and with incoming tombstones. */
public enum DeleteHandling implements ConfigValue {
    /** Drop delete events and tombstones. */
    DROP(false),
    /** A delete becomes a record with a null value and the row's value schema; tombstones are dropped (Debezium's default). */
    TOMBSTONE(false),
    /** A delete becomes its before-image with {@code __deleted=true}; other rows get {@code __deleted=false}; tombstones are dropped. */
    REWRITE(false),
    /** As {@code rewrite}, and tombstones are kept. */
    REWRITE_WITH_TOMBSTONE(true),
    /** A delete becomes a tombstone (null value and null value schema); incoming tombstones are dropped. */
    DELETE_TO_TOMBSTONE(false),
    /**
     * cdckit only: as {@code tombstone} (a delete becomes a null value with the row's schema), and
     * incoming tombstones are kept. The legacy {@code delete.handling.mode=none} with
     * {@code drop.tombstones=false}, which Debezium's new option has no value for.
     */
    DELETE_AND_TOMBSTONE(true),
    /**
     * cdckit only: delete events are dropped and incoming tombstones are kept. The legacy
     * {@code delete.handling.mode=drop} with {@code drop.tombstones=false}.
     */
    TOMBSTONE_ONLY(true);

    private final boolean keepsTombstones;

    DeleteHandling(boolean keepsTombstones) {
        this.keepsTombstones = keepsTombstones;
    }

    /** Whether incoming tombstones (null value) pass through. */
    public boolean keepsTombstones() {
        return keepsTombstones;
    }

    /** Whether rows get a {@code __deleted} field. */
    public boolean rewrites() {
        return this == REWRITE || this == REWRITE_WITH_TOMBSTONE;
    }
}
