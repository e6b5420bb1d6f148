package io.cdckit.converters.compat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** The outcome of checking one candidate schema against a subject's history at one level. */
public final class CompatibilityResult {

    private final CompatibilityLevel level;
    private final List<Integer> checkedVersions;
    private final List<Incompatibility> incompatibilities;

    public CompatibilityResult(CompatibilityLevel level, List<Integer> checkedVersions,
                               List<Incompatibility> incompatibilities) {
        this.level = Objects.requireNonNull(level, "level");
        this.checkedVersions = List.copyOf(checkedVersions);
        this.incompatibilities = List.copyOf(incompatibilities);
    }

    public boolean compatible() {
        return incompatibilities.isEmpty();
    }

    public CompatibilityLevel level() {
        return level;
    }

    /** The versions the candidate was checked against, in history order (empty for NONE or no history). */
    public List<Integer> checkedVersions() {
        return checkedVersions;
    }

    /** Every incompatibility found, grouped by version in history order, backward check first. */
    public List<Incompatibility> incompatibilities() {
        return incompatibilities;
    }

    /** The versions the candidate conflicts with, in history order. */
    public List<Integer> conflictingVersions() {
        return incompatibilities.stream().map(Incompatibility::version).distinct().collect(Collectors.toList());
    }

    /**
     * A multi-line message for humans, e.g.
     * <pre>
     * Schema for subject 'orders-value' is not BACKWARD compatible with version 3:
     *   - after.amount: type mismatch, old long, new int
     *   - after.note: new field has no default (reader field missing default), old absent, new string
     * </pre>
     * With several conflicting versions (transitive levels) the lines are grouped under
     * {@code version N:}; with FULL levels each line ends with the direction that fails
     * ({@code [new reads old]} or {@code [old reads new]}).
     */
    public String explain(String subject) {
        String who = "Schema for subject '" + subject + "'";
        if (compatible()) {
            if (level == CompatibilityLevel.NONE) {
                return who + " is not checked (compatibility level NONE).";
            }
            if (checkedVersions.isEmpty()) {
                return who + " is " + level + " compatible: the subject has no earlier version.";
            }
            return who + " is " + level + " compatible with " + versionWords(checkedVersions) + ".";
        }
        boolean showDirection = level.checksBackward() && level.checksForward();
        Map<Integer, List<Incompatibility>> byVersion = new LinkedHashMap<>();
        for (Incompatibility incompatibility : incompatibilities) {
            byVersion.computeIfAbsent(incompatibility.version(), v -> new ArrayList<>()).add(incompatibility);
        }
        StringBuilder sb = new StringBuilder(who).append(" is not ").append(level).append(" compatible with ")
                .append(versionWords(new ArrayList<>(byVersion.keySet()))).append(':');
        boolean grouped = byVersion.size() > 1;
        for (Map.Entry<Integer, List<Incompatibility>> entry : byVersion.entrySet()) {
            String indent = "  ";
            if (grouped) {
                sb.append("\n  version ").append(entry.getKey()).append(':');
                indent = "    ";
            }
            for (Incompatibility incompatibility : entry.getValue()) {
                sb.append('\n').append(indent).append("- ").append(incompatibility.describe());
                if (showDirection) {
                    sb.append(" [").append(incompatibility.direction().words()).append(']');
                }
            }
        }
        return sb.toString();
    }

    private static String versionWords(List<Integer> versions) {
        if (versions.size() == 1) {
            return "version " + versions.get(0);
        }
        String all = versions.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return "versions " + all;
    }

    @Override
    public String toString() {
        return "CompatibilityResult{level=" + level + ", compatible=" + compatible()
                + ", incompatibilities=" + incompatibilities + "}";
    }
}
