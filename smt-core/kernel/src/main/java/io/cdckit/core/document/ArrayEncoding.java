package io.cdckit.core.document;

import io.cdckit.core.config.ConfigValue;

/**
 * How document arrays become Connect data, as Debezium's {@code array.encoding}: {@code array} (a
 * Connect array, whose elements must all have one type) or {@code document} (a struct with fields
 * {@code _0}, {@code _1}, ..., as BSON itself encodes arrays; elements may differ in type).
 */
public enum ArrayEncoding implements ConfigValue {
    ARRAY, DOCUMENT
}
