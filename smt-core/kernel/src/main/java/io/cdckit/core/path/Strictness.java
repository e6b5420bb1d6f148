package io.cdckit.core.path;

/**
 * How a field path treats a part of the schema or the value that is not there.
 *
 * <p>Whatever the strictness, a path only reports problems in its <em>literal prefix</em>: once a
 * pattern segment (such as {@code *} or {@code *_at}) has been crossed, branches that do not fit
 * the rest of the path are simply not matches and are skipped silently.
 */
public enum Strictness {

    /**
     * A missing field or key, or (for schemaless values) a value of the wrong shape, throws a
     * {@link FieldPathException}.
     */
    STRICT,

    /**
     * A missing field or key means "nothing there": resolution yields no path and reads and
     * rewrites skip it. For schemaless values a value of the wrong shape (a path through a string,
     * {@code [*]} on a number) is skipped too. Against a schema, type mismatches are configuration
     * errors and still throw.
     */
    LENIENT
}
