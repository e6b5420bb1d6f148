package io.cdckit.smt.routing.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The variables an expression may name and, once compiled, the ones it names, each with its slot
 * in {@link ExpressionScript#slots}. A record expression knows a fixed set ({@code key},
 * {@code value}, ...); a row expression (ComputeField) reads any name as a field of the row.
 */
final class Variables {

    private final Set<String> known;
    private final List<String> used = new ArrayList<>();

    /** @param known the names an expression may use; null: any name */
    Variables(Set<String> known) {
        this.known = known;
    }

    boolean isKnown(String name) {
        return known == null || known.contains(name);
    }

    /** The slot of a variable the expression names (given one the first time), or -1 for an unknown name. */
    int slot(String name) {
        int i = used.indexOf(name);
        if (i >= 0) {
            return i;
        }
        if (!isKnown(name)) {
            return -1;
        }
        used.add(name);
        return used.size() - 1;
    }

    List<String> used() {
        return List.copyOf(used);
    }

    /** The known names, for messages; null for any name. */
    Set<String> known() {
        return known;
    }
}
