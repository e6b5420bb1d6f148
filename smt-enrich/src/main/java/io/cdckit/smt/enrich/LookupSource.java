package io.cdckit.smt.enrich;

import org.apache.kafka.connect.data.Schema;

import java.util.List;

/**
 * Where Lookup finds rows: a remote source (a database, an HTTP service) that Lookup asks through
 * its cache, or a local table (a file, a topic) held in memory and asked directly.
 *
 * <p>Failures: a transient one (the source cannot be reached, a timeout) is a
 * {@code RetriableException}, a permanent one (a query the database refuses, an answer of the wrong
 * type) a {@code DataException}. Messages name the source, columns and types, never a key or a
 * value, and causes that may quote values are withheld ({@code WithheldException}).
 */
interface LookupSource extends AutoCloseable {

    /**
     * The columns a row holds: an optional STRUCT schema of optional fields, the same for every
     * row. A remote source may have to ask its backend the first time (and throw as
     * {@link #lookup} does when it cannot).
     */
    Schema columns();

    /**
     * The row of one key.
     *
     * @param key the values of the key fields, in order, none null
     * @return the row, or null if the source has none
     */
    LookupRow lookup(List<Object> key);

    /** Whether lookups go through the cache (a remote source) rather than straight to a local table. */
    boolean remote();

    /** Releases connections, threads and consumers. */
    @Override
    void close();
}
