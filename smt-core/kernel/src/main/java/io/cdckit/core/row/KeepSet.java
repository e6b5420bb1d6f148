package io.cdckit.core.row;

import io.cdckit.core.path.FieldPath;

import java.util.ArrayList;
import java.util.List;

/**
 * The fields a {@link RowPlan#keepOnly} keeps, as the Struct compiler walks a schema: at each struct
 * the kept paths still alive, so that {@link #field} tells of each field whether it goes, stays
 * whole, or stays with only some of what is inside it. A path that does not fit the row's shape
 * there (it names fields inside a value that is not a struct, or misses the row's array levels)
 * filters nothing below that point, as for schemaless rows. Public for transforms that walk a
 * schema themselves to make a plan per schema ({@link RowPlans}) and must know what a keep leaves.
 * Immutable.
 */
public final class KeepSet {

    /** Everything is kept. */
    public static final KeepSet ALL = new KeepSet(List.of());

    /** One kept path, the segment it is at, and how many array levels it enters before that. */
    private record Alive(FieldPath path, int segment, int pendingElements) {
    }

    private final List<Alive> alive;

    private KeepSet(List<Alive> alive) {
        this.alive = alive;
    }

    /** The set of {@code paths} at the root of a row; {@link #ALL} if there are none. */
    public static KeepSet of(List<FieldPath> paths) {
        List<Alive> alive = new ArrayList<>();
        for (FieldPath p : paths) {
            alive.add(new Alive(p, 0, 0));
        }
        return alive.isEmpty() ? ALL : new KeepSet(List.copyOf(alive));
    }

    public boolean keepsAll() {
        return alive.isEmpty();
    }

    /**
     * @return null if the field {@code name} of this struct is not kept; {@link #ALL} if it is kept
     *         whole; else the set that filters what is inside it
     */
    public KeepSet field(String name) {
        if (alive.isEmpty()) {
            return ALL;
        }
        List<Alive> inside = new ArrayList<>();
        boolean fits = false;
        for (Alive a : alive) {
            if (a.pendingElements > 0) {
                continue;
            }
            fits = true;
            FieldPath.Segment s = a.path.segments().get(a.segment);
            if (!s.matches(name)) {
                continue;
            }
            if (a.segment == a.path.segments().size() - 1) {
                return ALL;
            }
            inside.add(new Alive(a.path, a.segment + 1, s.elements()));
        }
        if (!fits) {
            return ALL; // every path here expects array levels the row does not have
        }
        return inside.isEmpty() ? null : new KeepSet(List.copyOf(inside));
    }

    /** The set inside one array (or map) level of a field this set filters. */
    public KeepSet elements() {
        List<Alive> inside = new ArrayList<>();
        for (Alive a : alive) {
            if (a.pendingElements > 0) {
                inside.add(new Alive(a.path, a.segment, a.pendingElements - 1));
            }
        }
        return inside.isEmpty() ? ALL : new KeepSet(List.copyOf(inside));
    }
}
