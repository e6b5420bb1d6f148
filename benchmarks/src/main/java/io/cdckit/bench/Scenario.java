package io.cdckit.bench;

import java.util.List;
import java.util.Map;

/** The configurations measured; both implementations get the same map. */
public enum Scenario {

    /** Empty config: delete.tombstone.handling.mode=tombstone, no added fields or headers. */
    DEFAULT("default", "unwrapDefault", Map.of()),

    /** Deletes rewritten with __deleted, three envelope fields added to every row. */
    REWRITE_ADDFIELDS("rewrite_addfields", "unwrapRewriteAddFields",
            Map.of("delete.tombstone.handling.mode", "rewrite", "add.fields", "op,source.ts_ms,table")),

    /** Two envelope fields added as headers. */
    ADDHEADERS("addheaders", "unwrapAddHeaders", Map.of("add.headers", "op,source.ts_ms"));

    /** The header names {@link #ADDHEADERS} adds. */
    static final List<String> ADDED_HEADERS = List.of("__op", "__source_ts_ms");

    /** The name used in tables. */
    public final String label;
    /** The benchmark method measuring it. */
    public final String method;
    /** The transform configuration. */
    public final Map<String, String> config;

    Scenario(String label, String method, Map<String, String> config) {
        this.label = label;
        this.method = method;
        this.config = config;
    }

    /** The scenario measured by a benchmark method, or null. */
    public static Scenario ofMethod(String method) {
        for (Scenario s : values()) {
            if (s.method.equals(method)) {
                return s;
            }
        }
        return null;
    }
}
