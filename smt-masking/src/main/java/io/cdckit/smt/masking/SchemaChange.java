package io.cdckit.smt.masking;

import io.cdckit.core.config.ConfigValue;

/** What a mode that cannot keep its field's type does: {@code schema.change}. */
public enum SchemaChange implements ConfigValue {
    /** The plan fails for that schema, naming the field and its type. */
    FAIL,
    /** The field becomes an optional string. */
    ALLOW
}
