package io.cdckit.converters.registry;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Confluent's compatibility levels, checked with Avro's {@link SchemaCompatibility}.
 *
 * <ul>
 *   <li>BACKWARD: the new schema can read data written with the latest one;</li>
 *   <li>FORWARD: the latest schema can read data written with the new one;</li>
 *   <li>FULL: both;</li>
 *   <li>the {@code _TRANSITIVE} forms check against every earlier version, not only the latest;</li>
 *   <li>NONE (or null): everything is compatible.</li>
 * </ul>
 */
public final class AvroCompatibility {

    private AvroCompatibility() {
    }

    /** Upper-cased, validated level; null stays null. @throws IllegalArgumentException for an unknown level */
    public static String normalize(String level) {
        if (level == null) {
            return null;
        }
        String l = level.trim().toUpperCase(Locale.ROOT);
        switch (l) {
            case SchemaRegistry.NONE:
            case SchemaRegistry.BACKWARD:
            case SchemaRegistry.BACKWARD_TRANSITIVE:
            case SchemaRegistry.FORWARD:
            case SchemaRegistry.FORWARD_TRANSITIVE:
            case SchemaRegistry.FULL:
            case SchemaRegistry.FULL_TRANSITIVE:
                return l;
            default:
                throw new IllegalArgumentException("Unknown compatibility level '" + level
                        + "'; expected one of NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE");
        }
    }

    /**
     * Checks {@code candidate} against a subject's existing schemas (oldest first) under {@code level}.
     *
     * @return human-readable problems, empty when compatible
     */
    public static List<String> check(String level, Schema candidate, List<Schema> existingOldestFirst) {
        String l = normalize(level);
        List<String> problems = new ArrayList<>();
        if (l == null || l.equals(SchemaRegistry.NONE) || existingOldestFirst.isEmpty()) {
            return problems;
        }
        boolean transitive = l.endsWith("_TRANSITIVE");
        boolean backward = l.startsWith("BACKWARD") || l.startsWith("FULL");
        boolean forward = l.startsWith("FORWARD") || l.startsWith("FULL");
        int n = existingOldestFirst.size();
        for (int i = transitive ? 0 : n - 1; i < n; i++) {
            Schema old = existingOldestFirst.get(i);
            int version = i + 1;
            if (backward) {
                describe(problems, "BACKWARD", version,
                        SchemaCompatibility.checkReaderWriterCompatibility(candidate, old));
            }
            if (forward) {
                describe(problems, "FORWARD", version,
                        SchemaCompatibility.checkReaderWriterCompatibility(old, candidate));
            }
        }
        return problems;
    }

    private static void describe(List<String> problems, String direction, int version,
                                 SchemaCompatibility.SchemaPairCompatibility result) {
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (SchemaCompatibility.Incompatibility inc : result.getResult().getIncompatibilities()) {
            problems.add(direction + " against schema number " + version + ": " + inc.getType()
                    + " at " + inc.getLocation() + ": " + inc.getMessage());
        }
        if (result.getResult().getIncompatibilities().isEmpty()) {
            problems.add(direction + " against schema number " + version + ": " + result.getDescription());
        }
    }
}
