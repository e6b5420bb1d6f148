package io.cdckit.bench;

import java.util.Locale;

/**
 * The {@code impl} parameter of {@link LookupBenchmark}: cdckit's Lookup, or the reference the issue
 * compares it with on that path (Unwrap on the same records for a cache hit; a new JDBC connection
 * and statement per record for a miss).
 */
public enum LookupImpl {
    CDCKIT, REFERENCE;

    public static LookupImpl of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
