package io.cdckit.converters.compat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;

/**
 * Decides whether a candidate schema is compatible with a subject's history, and explains why not.
 *
 * <p>The decision is Avro's own: {@link SchemaCompatibility#checkReaderWriterCompatibility(Schema, Schema)},
 * with the new schema as reader and each old version as writer for the backward check, and the
 * reverse for the forward check. This class only adds the level semantics (latest version only,
 * or every version for the transitive levels) and readable explanations.
 *
 * <p>One refinement of the explanation, never of the decision: when Avro reports a
 * {@code MISSING_UNION_BRANCH} because a record inside a union changed (the optional {@code before} /
 * {@code after} of a CDC envelope), it names only the union. The checker then asks Avro again for
 * that record branch against the reader branch of the same name, and reports the differences inside
 * it ({@code after.amount: type mismatch}) instead of the bare union.
 *
 * <p>What Avro decides, so that it is not a surprise:
 * <ul>
 *   <li>logical types are ignored: {@code bytes} with {@code decimal} scale 2 and scale 3 are
 *       compatible in both directions, although the same bytes then mean a value ten times smaller.
 *       Likewise {@code int} {@code date} vs plain {@code int}.</li>
 *   <li>promotions: int to long/float/double, long to float/double, float to double, string to and
 *       from bytes are readable; the reverse numeric narrowing is not.</li>
 *   <li>a reader field missing from the writer needs a default; reader field aliases count as names.</li>
 *   <li>an enum reader lacking a writer symbol fails unless the reader enum has a default symbol.</li>
 * </ul>
 *
 * <p>Instances are stateless and thread-safe.
 */
public final class CompatibilityChecker {

    private static final int MAX_DRILL_DEPTH = 64;

    /**
     * Checks {@code candidate} against {@code history} at {@code level}.
     *
     * @param history the subject's registered versions, oldest first; may be empty
     */
    public CompatibilityResult check(CompatibilityLevel level, Schema candidate, List<VersionedSchema> history) {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(history, "history");
        if (level == CompatibilityLevel.NONE || history.isEmpty()) {
            return new CompatibilityResult(level, Collections.emptyList(), Collections.emptyList());
        }
        List<VersionedSchema> against = level.isTransitive()
                ? history
                : List.of(history.get(history.size() - 1));
        List<Integer> checked = new ArrayList<>();
        List<Incompatibility> found = new ArrayList<>();
        for (VersionedSchema old : against) {
            Objects.requireNonNull(old, "history entry");
            checked.add(old.version());
            if (level.checksBackward()) {
                found.addAll(compare(old.version(), Direction.NEW_READS_OLD, candidate, old.schema()));
            }
            if (level.checksForward()) {
                found.addAll(compare(old.version(), Direction.OLD_READS_NEW, old.schema(), candidate));
            }
        }
        return new CompatibilityResult(level, checked, found);
    }

    /** Convenience: the same check with a level name, parsed by {@link CompatibilityLevel#parse(String)}. */
    public CompatibilityResult check(String level, Schema candidate, List<VersionedSchema> history) {
        return check(CompatibilityLevel.parse(level), candidate, history);
    }

    private List<Incompatibility> compare(int version, Direction direction, Schema reader, Schema writer) {
        List<RawIncompatibility> raw = new ArrayList<>();
        collect(reader, writer, "", raw, new HashSet<>(), 0);
        List<Incompatibility> result = new ArrayList<>(raw.size());
        for (RawIncompatibility r : raw) {
            result.add(describe(version, direction, reader, writer, r));
        }
        return result;
    }

    /** Avro's incompatibilities of reader vs writer, with union-wrapped record changes drilled into. */
    private void collect(Schema reader, Schema writer, String prefix, List<RawIncompatibility> out,
                         Set<Object> visited, int depth) {
        SchemaCompatibilityResult result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (SchemaCompatibility.Incompatibility incompatibility : result.getIncompatibilities()) {
            String location = join(prefix, incompatibility.getLocation());
            if (incompatibility.getType() == SchemaIncompatibilityType.MISSING_UNION_BRANCH && depth < MAX_DRILL_DEPTH) {
                Schema writerBranch = writerBranch(incompatibility);
                Schema readerBranch = SchemaPointer.matchingBranch(incompatibility.getReaderFragment(), writerBranch);
                Pair pair = new Pair(readerBranch, writerBranch);
                // visited holds the branches being drilled into on the current path only (recursive types)
                if (writerBranch != null && readerBranch != null && writerBranch.getType() != Schema.Type.UNION
                        && visited.add(pair)) {
                    List<RawIncompatibility> inner = new ArrayList<>();
                    collect(readerBranch, writerBranch, location, inner, visited, depth + 1);
                    visited.remove(pair);
                    if (!inner.isEmpty()) {
                        out.addAll(inner);
                        continue;
                    }
                }
            }
            out.add(new RawIncompatibility(incompatibility, location));
        }
    }

    /**
     * The writer type a MISSING_UNION_BRANCH is about: Avro gives the whole writer union as fragment
     * and the branch index as the last pointer token; or the (non-union) writer type itself.
     */
    private static Schema writerBranch(SchemaCompatibility.Incompatibility incompatibility) {
        Schema writer = incompatibility.getWriterFragment();
        if (writer == null || writer.getType() != Schema.Type.UNION) {
            return writer;
        }
        List<String> tokens = SchemaPointer.tokens(incompatibility.getLocation());
        if (tokens.isEmpty()) {
            return null;
        }
        try {
            int index = Integer.parseInt(tokens.get(tokens.size() - 1));
            return index < writer.getTypes().size() ? writer.getTypes().get(index) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Incompatibility describe(int version, Direction direction, Schema reader, Schema writer,
                                            RawIncompatibility raw) {
        SchemaCompatibility.Incompatibility avro = raw.avro;
        IncompatibilityKind kind = IncompatibilityKind.of(avro.getType());
        SchemaPointer.Target target = SchemaPointer.walk(reader, writer, raw.location);
        boolean newReads = direction == Direction.NEW_READS_OLD;
        Schema oldSchema = newReads ? target.writerType : target.readerType;
        Schema newSchema = newReads ? target.readerType : target.writerType;
        String oldWord = newReads ? "old" : "new"; // the writer side
        String newWord = newReads ? "new" : "old"; // the reader side
        String detail = null;
        switch (kind) {
            case READER_FIELD_MISSING_DEFAULT:
                if (newReads) {
                    detail = "new field has no default";
                } else {
                    detail = "field removed, but the old schema has no default for it";
                }
                if (!target.readerFieldEnd) {
                    // unexpected pointer shape: fall back to Avro's field name
                    detail = detail + ": " + avro.getMessage();
                }
                break;
            case MISSING_UNION_BRANCH: {
                Schema branch = writerBranch(avro);
                detail = newWord + " union lacks " + oldWord + " branch " + TypeNames.shortForm(branch);
                if (avro.getReaderFragment() != null && avro.getReaderFragment().getType() != Schema.Type.UNION) {
                    detail = newWord + " type " + TypeNames.shortForm(avro.getReaderFragment())
                            + " cannot read " + oldWord + " " + TypeNames.shortForm(branch);
                }
                break;
            }
            case MISSING_ENUM_SYMBOL:
                detail = newWord + " enum lacks " + oldWord + " symbols " + avro.getMessage();
                break;
            case TYPE_MISMATCH: {
                String readerFragment = TypeNames.shortForm(avro.getReaderFragment());
                String writerFragment = TypeNames.shortForm(avro.getWriterFragment());
                if (!readerFragment.equals(TypeNames.shortForm(target.readerType))
                        || !writerFragment.equals(TypeNames.shortForm(target.writerType))) {
                    detail = newWord + " " + readerFragment + " cannot read " + oldWord + " " + writerFragment;
                }
                break;
            }
            case NAME_MISMATCH:
            case FIXED_SIZE_MISMATCH:
            default:
                if (target.readerType == null || target.writerType == null
                        || !SchemaPointer.isNamed(target.readerType) || !SchemaPointer.isNamed(target.writerType)) {
                    detail = avro.getMessage();
                }
                break;
        }
        return new Incompatibility(version, direction, target.path, kind,
                TypeNames.shortForm(oldSchema), TypeNames.shortForm(newSchema), detail, raw.location,
                avro.getMessage());
    }

    private static String join(String prefix, String location) {
        if (prefix.isEmpty()) {
            return location;
        }
        if (location == null || location.isEmpty() || "/".equals(location)) {
            return prefix;
        }
        return prefix + location;
    }

    private static final class RawIncompatibility {
        final SchemaCompatibility.Incompatibility avro;
        final String location;

        RawIncompatibility(SchemaCompatibility.Incompatibility avro, String location) {
            this.avro = avro;
            this.location = location;
        }
    }

    private static final class Pair {
        final Schema reader;
        final Schema writer;

        Pair(Schema reader, Schema writer) {
            this.reader = reader;
            this.writer = writer;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pair && ((Pair) o).reader == reader && ((Pair) o).writer == writer;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(reader) * 31 + System.identityHashCode(writer);
        }
    }
}
