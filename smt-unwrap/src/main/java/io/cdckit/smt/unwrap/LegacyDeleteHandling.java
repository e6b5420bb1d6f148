package io.cdckit.smt.unwrap;

import io.cdckit.core.config.ConfigValue;

/** The legacy {@code delete.handling.mode} values (Debezium before 3.2), still accepted. */
public enum LegacyDeleteHandling implements ConfigValue {
    DROP,
    REWRITE,
    NONE;

    /** The new-style mode for this legacy mode combined with {@code drop.tombstones}. */
    public DeleteHandling toMode(boolean dropTombstones) {
        switch (this) {
            case DROP:
                return dropTombstones ? DeleteHandling.DROP : DeleteHandling.TOMBSTONE_ONLY;
            case REWRITE:
                return dropTombstones ? DeleteHandling.REWRITE : DeleteHandling.REWRITE_WITH_TOMBSTONE;
            default:
                return dropTombstones ? DeleteHandling.TOMBSTONE : DeleteHandling.DELETE_AND_TOMBSTONE;
        }
    }
}
