package io.cdckit.smt.enrich;

import io.cdckit.core.config.TransformConfig;

import java.util.concurrent.ScheduledExecutorService;

/**
 * What a source is made from: the parsed configuration, how many key fields a lookup gives, the
 * transform's background thread (reloads, refreshes, statistics) and how log lines name the
 * transform.
 *
 * @param config     the parsed configuration (its rules have passed)
 * @param keyCount   how many values a key has
 * @param background the transform's single background thread; a source's task must be short
 * @param name       the transform's display name and where it runs, for logs
 * @param schemaName the name of the columns' STRUCT schema (one per target, so that two lookups in a chain
 *                   give Avro two record names)
 */
record SourceContext(TransformConfig config, int keyCount, ScheduledExecutorService background, String name,
                     String schemaName) {
}
