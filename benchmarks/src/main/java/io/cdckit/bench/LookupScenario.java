package io.cdckit.bench;

/** The two paths {@link LookupBenchmark} measures, each against its reference ({@link LookupImpl}). */
public enum LookupScenario {

    HIT("cache hit", "lookupHit", "Lookup on unwrapped rows, every key cached; reference: Unwrap on their envelopes"),
    MISS("miss", "lookupMiss", "every row queries PostgreSQL through the pool; reference: a new connection and "
            + "statement per record");

    /** The name used in tables. */
    public final String label;
    /** The benchmark method measuring it. */
    public final String method;
    /** What it measures, for the table. */
    public final String description;

    LookupScenario(String label, String method, String description) {
        this.label = label;
        this.method = method;
        this.description = description;
    }

    /** The scenario measured by a benchmark method, or null. */
    public static LookupScenario ofMethod(String method) {
        for (LookupScenario s : values()) {
            if (s.method.equals(method)) {
                return s;
            }
        }
        return null;
    }
}
