package io.cdckit.smt.mapping;

import io.cdckit.core.config.ConfigRule;
import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.PathMapping;
import io.cdckit.core.row.RowPlan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The checks of a {@link FieldMapper} configuration that span entries or keys, declared as rules
 * on the key they concern (so that Connect's validate shows them there and {@code configure}
 * throws the same message): aliases set together, entries that name one field twice or give one
 * name twice, relocations and inserts that cannot be planned for any row, {@code $envelope.} paths
 * outside insert sources, and entries naming a field that {@code keep} or {@code drop} removes
 * before their step (which Struct rows would report missing per schema and Map rows skip).
 */
final class MappingRules {

    private MappingRules() {
    }

    /**
     * keep, include, drop and exclude entries: none names the envelope, and none the elements of an
     * array (which the walk of a row never meets as a field).
     */
    static String pathListProblem(ConfigRule.Values values, String key) {
        List<FieldPath> paths = paths(values, key);
        for (FieldPath p : paths == null ? List.<FieldPath>of() : paths) {
            if (p.startsWith(RowPlan.ENVELOPE)) {
                return envelopeProblem(p.toString());
            }
            if (p.segments().get(p.segments().size() - 1).elements() > 0) {
                return "entry '" + p + "' names the elements of an array; name a field inside them, e.g. "
                        + "items[*].sku, or the array itself";
            }
        }
        return null;
    }

    /** A {@code $envelope.} path where a step names the row's fields. */
    private static String envelopeProblem(String entry) {
        return "entry '" + entry + "': " + RowPlan.ENVELOPE + ". paths are only insert sources (insert=ts:"
                + RowPlan.ENVELOPE + ".source.ts_ms); the steps name the row's own fields, without "
                + RowPlan.ENVELOPE + ".";
    }

    static String aliasClash(ConfigRule.Values values, String key, String alias) {
        return values.isSet(key) && values.isSet(alias)
                ? "is an alias of " + key + ", which is set too; set one of the two" : null;
    }

    static String newNameProblem(String newName) {
        return newName.contains(".") || newName.contains("`")
                ? "the new name must be a plain name (rename keeps a field where it is), not a path" : null;
    }

    static String typeProblem(String type) {
        try {
            CastType.parse(type);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    static String targetProblem(String target) {
        try {
            FieldPath to = FieldPath.parse(target);
            return to.isSingleValued() ? null : "the target must be a literal path, without patterns or [*]";
        } catch (IllegalArgumentException e) {
            return "the target is not a field path: " + e.getMessage();
        }
    }

    static String sourceProblem(String source) {
        try {
            InsertSource.parse(source);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * Move and copy entries: literal sources, each field relocated once, no target inside its source
     * (or the reverse), no target given twice or inside another, no other entry inside a relocated
     * struct, no {@code $envelope.} path, and no source that keep or drop removes.
     */
    static String relocationProblem(ConfigRule.Values values, String key) {
        List<PathMapping> entries = values.pathMappings(key);
        if (entries == null) {
            return null;
        }
        String verb = key.equals(FieldMapper.MOVE) ? "move" : "copy";
        Set<String> sources = new HashSet<>();
        for (PathMapping m : entries) {
            FieldPath to = target(m);
            if (m.path().startsWith(RowPlan.ENVELOPE) || to != null && to.startsWith(RowPlan.ENVELOPE)) {
                return envelopeProblem(m.entry());
            }
            if (!m.path().isSingleValued()) {
                return "entry '" + m.entry() + "': a " + verb + " names one field outside arrays, not a pattern or [*]";
            }
            if (!sources.add(m.path().toString())) {
                return "entry '" + m.entry() + "': '" + m.path() + "' is " + (key.equals(FieldMapper.MOVE) ? "moved" : "copied")
                        + " twice";
            }
            for (PathMapping other : entries) {
                if (inside(m.path(), other.path())) {
                    return "entry '" + m.entry() + "' names a field inside '" + other.path() + "', which entry '"
                            + other.entry() + "' relocates; relocate the struct as a whole, or only the fields you need";
                }
            }
            if (to == null) {
                continue; // reported by the key's own validator
            }
            if (inside(to, m.path()) || inside(m.path(), to) || to.equals(m.path())) {
                return "entry '" + m.entry() + "': the target must lie outside its source, and the source outside "
                        + "its target";
            }
        }
        String targets = targetClash(values, key);
        if (targets != null) {
            return targets;
        }
        for (PathMapping m : entries) {
            FieldPath to = target(m);
            String inner = to == null ? null : entryInside(values, m, to);
            if (inner != null) {
                return inner;
            }
        }
        String removed = EarlierSteps.removedProblem(values, key, entries);
        return removed != null ? removed : EarlierSteps.targetProblem(values, key, entries);
    }

    /** A move or copy entry's target, or null if it is not a field path (its key's validator says so). */
    static FieldPath target(PathMapping m) {
        try {
            return FieldPath.parse(m.target());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An entry of another step that names a field inside a struct {@code m} relocates. */
    private static String entryInside(ConfigRule.Values values, PathMapping m, FieldPath to) {
        // keep and drop run before move and copy: they apply inside a relocated struct (MappingPlans.insideRelocated)
        for (String other : List.of(FieldMapper.RENAME, FieldMapper.RENAMES, FieldMapper.CAST)) {
            List<PathMapping> mappings = values.pathMappings(other);
            for (PathMapping p : mappings == null ? List.<PathMapping>of() : mappings) {
                if (inside(p.path(), m.path()) || inside(p.path(), to)) {
                    return "entry '" + m.entry() + "': " + other + " entry '" + p.entry() + "' names a field inside "
                            + "the struct it relocates; relocate the struct as a whole, or only the fields you need";
                }
            }
        }
        return null;
    }

    /**
     * Two move, copy or insert entries that give one target, or one inside the other's (a field added
     * into a struct another entry adds whole), reported on the key of the later entry (null if that is
     * not {@code onKey}).
     */
    private static String targetClash(ConfigRule.Values values, String onKey) {
        List<FieldPath> targets = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (String key : List.of(FieldMapper.MOVE, FieldMapper.COPY, FieldMapper.INSERT)) {
            List<PathMapping> entries = values.pathMappings(key);
            for (PathMapping m : entries == null ? List.<PathMapping>of() : entries) {
                FieldPath target = key.equals(FieldMapper.INSERT) ? m.path() : target(m);
                if (target == null) {
                    continue; // reported by the key's own validator
                }
                for (int i = 0; i < targets.size(); i++) {
                    FieldPath t = targets.get(i);
                    String other = added.get(i);
                    String clash = t.equals(target) ? "entries '" + other + "' and '" + m.entry() + "' both add '"
                            + target + "'"
                            : MappingPlans.within(target, t) ? "entry '" + m.entry() + "' adds inside '" + t
                            + "', which entry '" + other + "' adds as a whole"
                            : MappingPlans.within(t, target) ? "entry '" + m.entry() + "' adds '" + target
                            + "' as a whole, inside which entry '" + other + "' adds '" + t + "'"
                            : null;
                    if (clash != null) {
                        return key.equals(onKey) ? clash : null;
                    }
                }
                targets.add(target);
                added.add(m.entry());
            }
        }
        return null;
    }

    static String insertProblem(ConfigRule.Values values) {
        List<PathMapping> entries = values.pathMappings(FieldMapper.INSERT);
        if (entries == null) {
            return null;
        }
        for (PathMapping m : entries) {
            if (!m.path().isSingleValued()) {
                return "entry '" + m.entry() + "': an inserted field needs a literal path, without patterns or [*]";
            }
            if (m.path().startsWith(RowPlan.ENVELOPE)) {
                return "entry '" + m.entry() + "': fields are inserted into the row, not the envelope";
            }
        }
        String clash = targetClash(values, FieldMapper.INSERT);
        return clash != null ? clash : EarlierSteps.targetProblem(values, FieldMapper.INSERT, entries);
    }

    /** Whether {@code inner} lies strictly inside {@code outer}: its segments start with outer's (patterns may match). */
    private static boolean inside(FieldPath inner, FieldPath outer) {
        List<FieldPath.Segment> in = inner.segments();
        List<FieldPath.Segment> out = outer.segments();
        if (in.size() <= out.size()) {
            return false;
        }
        for (int i = 0; i < out.size(); i++) {
            // a literal prefix only: a pattern (*.zip) may match inside a relocated struct in some
            // schema, but the relocation moves the struct whole, so it simply does not apply there
            FieldPath.Segment a = in.get(i).withoutElements();
            if (a.isPattern() || !a.equals(out.get(i).withoutElements())) {
                return false;
            }
        }
        return true;
    }

    static String renameProblem(ConfigRule.Values values, String key) {
        List<PathMapping> entries = values.pathMappings(key);
        String problem = entries == null ? null : envelopeEntry(entries);
        problem = problem != null || entries == null ? problem : oneFieldEach(entries, "rename", "renamed");
        if (problem != null || entries == null) {
            return problem;
        }
        Map<String, String> targets = new HashMap<>();
        for (PathMapping m : entries) {
            String other = targets.putIfAbsent(parentText(m.path()) + "." + m.target(), m.entry());
            if (other != null) {
                return "entries '" + other + "' and '" + m.entry() + "' give one name '" + m.target() + "'";
            }
        }
        return EarlierSteps.removedProblem(values, key, entries);
    }

    static String castProblem(ConfigRule.Values values) {
        List<PathMapping> entries = values.pathMappings(FieldMapper.CAST);
        if (entries == null) {
            return null;
        }
        String problem = envelopeEntry(entries);
        problem = problem != null ? problem : oneFieldEach(entries, "cast", "cast");
        return problem != null ? problem : EarlierSteps.removedProblem(values, FieldMapper.CAST, entries);
    }

    private static String envelopeEntry(List<PathMapping> entries) {
        for (PathMapping m : entries) {
            if (m.path().startsWith(RowPlan.ENVELOPE)) {
                return envelopeProblem(m.entry());
            }
        }
        return null;
    }

    /** A list of field paths key's entries, or null when they do not parse (the key's validator reports that). */
    static List<FieldPath> paths(ConfigRule.Values values, String key) {
        Object v = values.get(key);
        if (!(v instanceof List<?> list)) {
            return v == null ? List.of() : null;
        }
        try {
            return FieldPath.parseList(list.stream().map(String::valueOf).collect(Collectors.joining(",")));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Each entry names one field (no pattern), and no field twice. */
    private static String oneFieldEach(List<PathMapping> entries, String step, String done) {
        Set<String> paths = new HashSet<>();
        for (PathMapping m : entries) {
            if (m.path().hasPattern()) {
                return "entry '" + m.entry() + "': a " + step + " names one field, not a pattern";
            }
            if (!paths.add(m.path().toString())) {
                return "entry '" + m.entry() + "': '" + m.path() + "' is " + done + " twice";
            }
        }
        return null;
    }

    private static String parentText(FieldPath path) {
        List<FieldPath.Segment> s = path.segments();
        return s.subList(0, s.size() - 1).stream().map(Object::toString).collect(Collectors.joining("."));
    }
}
