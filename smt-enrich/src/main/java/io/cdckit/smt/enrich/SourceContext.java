package io.cdckit.smt.enrich;

import io.cdckit.core.config.TransformConfig;

import java.util.concurrent.ScheduledExecutorService;

/**
 * What a source is made from: the parsed configuration, the transform's background thread (file
 * reloads, statistics), how log lines name the transform and the name of the columns' schema.
 *
 * @param config     the parsed configuration (its rules have passed)
 * @param background the transform's single background thread; a source's task must be short
 * @param name       the transform's display name and where it runs, for logs
 * @param schemaName the name of the columns' STRUCT schema (one per target, so that two lookups in a chain
 *                   give Avro two record names)
 */
record SourceContext(TransformConfig config, ScheduledExecutorService background, String name, String schemaName) {
}
