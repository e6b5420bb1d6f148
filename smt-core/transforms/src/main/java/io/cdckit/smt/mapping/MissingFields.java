package io.cdckit.smt.mapping;

import io.cdckit.core.config.ConfigValue;

/** What FieldMapper does with an entry that names a field a row does not have: {@code missing.fields}. */
public enum MissingFields implements ConfigValue {
    /** The row's schema fails (each of its records with a DataException naming the entry). */
    FAIL,
    /** The entry is skipped for that schema, with a warning once per schema. */
    IGNORE
}
