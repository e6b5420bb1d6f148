package io.cdckit.smt.mapping;

import io.cdckit.core.config.ConfigRule;
import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.PathMapping;
import io.cdckit.smt.mapping.MappingPlans.Step;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The rule that an entry of a later step (rename, move, copy, cast) names a field the steps before
 * it leave: not one {@code keep} leaves out or {@code drop} removes, nor one by the name a
 * {@code rename} took away. Checked on the configuration, so that Struct and Map rows agree (a Map
 * row's plan could only skip such an entry silently).
 */
final class EarlierSteps {

    private EarlierSteps() {
    }

    /** The entries of the steps before rename, move, copy and cast, parsed; null where a key does not parse. */
    private record Earlier(List<FieldPath> keep, String keepKey, Map<String, List<FieldPath>> drops,
                           List<MappingSpec.Rename> renames, List<PathMapping> moves, List<FieldPath> moveTargets,
                           List<FieldPath> added) {

        static Earlier of(ConfigRule.Values values) {
            List<FieldPath> keep = new ArrayList<>();
            String keepKey = FieldMapper.KEEP;
            for (String k : List.of(FieldMapper.KEEP, FieldMapper.INCLUDE)) {
                List<FieldPath> p = MappingRules.paths(values, k);
                if (p == null) {
                    return null;
                }
                keepKey = p.isEmpty() ? keepKey : k;
                keep.addAll(p);
            }
            Map<String, List<FieldPath>> drops = new LinkedHashMap<>();
            for (String k : List.of(FieldMapper.DROP, FieldMapper.EXCLUDE)) {
                List<FieldPath> p = MappingRules.paths(values, k);
                if (p == null) {
                    return null;
                }
                drops.put(k, p);
            }
            List<MappingSpec.Rename> renames = new ArrayList<>();
            for (String k : List.of(FieldMapper.RENAME, FieldMapper.RENAMES)) {
                List<PathMapping> m = values.pathMappings(k);
                if (m == null) {
                    return null;
                }
                m.forEach(r -> renames.add(MappingSpec.Rename.of(r)));
            }
            List<FieldPath> moveTargets = new ArrayList<>();
            List<FieldPath> added = new ArrayList<>();
            for (String k : List.of(FieldMapper.MOVE, FieldMapper.COPY, FieldMapper.INSERT)) {
                List<PathMapping> m = values.pathMappings(k);
                if (m == null) {
                    return null;
                }
                for (PathMapping r : m) {
                    FieldPath to = k.equals(FieldMapper.INSERT) ? r.path() : MappingRules.target(r);
                    if (to == null) {
                        return null;
                    }
                    if (k.equals(FieldMapper.MOVE)) {
                        moveTargets.add(to);
                    }
                    added.add(to);
                }
            }
            List<PathMapping> moves = values.pathMappings(FieldMapper.MOVE);
            return new Earlier(keep, keepKey, drops, renames, moves, moveTargets, added);
        }

        /** What removes the field at the input path {@code in} before the later steps, or null. */
        String removal(List<Step> in) {
            for (Map.Entry<String, List<FieldPath>> d : drops.entrySet()) {
                FieldPath by = MappingPlans.droppedBy(d.getValue(), in);
                if (by != null) {
                    return d.getKey() + " entry '" + by + "' removes" + (by.segments().size() < in.size()
                            ? " (with the struct it is in)" : "");
                }
            }
            if (!MappingPlans.kept(keep, in)) {
                return keepKey + " '" + keep.stream().map(Object::toString).collect(Collectors.joining(","))
                        + "' leaves out";
            }
            return null;
        }

        /**
         * The input path of the field an entry of {@code key} names, or null if it names none there or
         * the entry it comes from is checked instead (a copy of a move's target, a cast of an added field).
         */
        List<Step> input(String key, FieldPath path) {
            if (key.equals(FieldMapper.RENAME) || key.equals(FieldMapper.RENAMES)) {
                return MappingPlans.steps(path);
            }
            List<FieldPath> through = key.equals(FieldMapper.COPY) ? moveTargets
                    : key.equals(FieldMapper.CAST) ? added : List.of();
            for (FieldPath t : through) {
                if (t.equals(path) || MappingPlans.within(path, t)) {
                    return null;
                }
            }
            return MappingPlans.inputPath(renames, path);
        }

        /**
         * The rename entry that takes the name an entry of {@code key} (move, copy, cast) uses away
         * before that step runs, so that the entry names nothing; null if there is none.
         */
        MappingSpec.Rename renamedAway(String key, FieldPath path) {
            if (key.equals(FieldMapper.RENAME) || key.equals(FieldMapper.RENAMES)) {
                return null;
            }
            List<FieldPath> through = key.equals(FieldMapper.COPY) ? moveTargets
                    : key.equals(FieldMapper.CAST) ? added : List.of();
            for (FieldPath t : through) {
                if (t.equals(path) || MappingPlans.within(path, t)) {
                    return null;
                }
            }
            if (MappingPlans.inputPath(renames, path) != null) {
                return null;
            }
            for (MappingSpec.Rename r : renames) {
                if (r.path().equals(path) || MappingPlans.within(path, r.path())) {
                    return r;
                }
            }
            return null;
        }
    }

    /**
     * The move entry that takes the field an entry of {@code key} (copy, cast) names, or the struct
     * it is in, away before that step runs; null if there is none (or the name is a move's target).
     */
    private static PathMapping movedAway(Earlier earlier, String key, FieldPath path) {
        if (!key.equals(FieldMapper.COPY) && !key.equals(FieldMapper.CAST)) {
            return null;
        }
        for (FieldPath t : key.equals(FieldMapper.CAST) ? earlier.added() : earlier.moveTargets()) {
            if (t.equals(path) || MappingPlans.within(path, t)) {
                return null;
            }
        }
        for (PathMapping m : earlier.moves()) {
            if (m.path().equals(path) || MappingPlans.within(path, m.path())) {
                return m;
            }
        }
        return null;
    }

    /**
     * A move, copy or insert target below a name a rename took away (its new name is where the
     * struct is by then: the target would be ambiguous), as a problem of {@code key}'s entries.
     */
    static String targetProblem(ConfigRule.Values values, String key, List<PathMapping> entries) {
        Earlier earlier = Earlier.of(values);
        if (earlier == null) {
            return null;
        }
        for (PathMapping m : entries) {
            FieldPath to = key.equals(FieldMapper.INSERT) ? m.path() : MappingRules.target(m);
            if (to == null || MappingPlans.inputPath(earlier.renames(), parent(to)) != null) {
                continue;
            }
            for (MappingSpec.Rename r : earlier.renames()) {
                if (MappingPlans.within(to, r.path())) {
                    return "entry '" + m.entry() + "' adds below '" + r.path() + "', which rename entry '" + r.entry()
                            + "' renames before " + key + " runs; name the struct by its new name";
                }
            }
        }
        return null;
    }

    private static FieldPath parent(FieldPath path) {
        List<FieldPath.Segment> s = path.segments();
        return s.size() < 2 ? path : FieldPath.parse(s.subList(0, s.size() - 1).stream().map(Object::toString)
                .collect(Collectors.joining(".")));
    }

    /** An entry of {@code key} (rename, move, copy, cast) naming a field that keep or drop removes before its step. */
    static String removedProblem(ConfigRule.Values values, String key, List<PathMapping> entries) {
        Earlier earlier = Earlier.of(values);
        if (earlier == null) {
            return null; // a key that does not parse: its validator says so
        }
        String step = key.equals(FieldMapper.RENAMES) ? FieldMapper.RENAME : key;
        for (PathMapping m : entries) {
            PathMapping moved = movedAway(earlier, key, m.path());
            if (moved != null) {
                return "entry '" + m.entry() + "' names '" + m.path() + "', which move entry '" + moved.entry()
                        + "' moves away before " + step + " runs; name it where the move put it";
            }
            MappingSpec.Rename away = earlier.renamedAway(key, m.path());
            if (away != null) {
                return "entry '" + m.entry() + "' names '" + m.path() + "', which rename entry '" + away.entry()
                        + "' renames before " + step + " runs; name it by its new name";
            }
            List<Step> in = earlier.input(key, m.path());
            String removal = in == null ? null : earlier.removal(in);
            if (removal != null) {
                FieldPath input = MappingPlans.path(in);
                return "entry '" + m.entry() + "' names '" + m.path() + "'"
                        + (input.equals(m.path()) ? "" : " ('" + input + "' in the input row)") + ", which "
                        + removal + " before " + step + " runs";
            }
        }
        return null;
    }
}
