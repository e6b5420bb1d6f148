package io.cdckit.smt.routing;

import io.cdckit.core.cdc.Operation;

import org.apache.kafka.connect.connector.ConnectRecord;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A set of operations as a configuration lists them: {@code c}, {@code u}, {@code d}, {@code r},
 * {@code t}, {@code m} (or their names: {@code create}, {@code update}, {@code delete}, {@code read},
 * {@code truncate}, {@code message}), {@code tombstone} (a record whose value is null) and
 * {@code other} (a record with a value but no operation: a heartbeat, a schema change, a plain row
 * without an op). Immutable.
 */
final class OpSet {

    static final String TOMBSTONE = "tombstone";
    static final String OTHER = "other";
    static final String TOKENS = "c, u, d, r, t, m (or create, update, delete, read, truncate, message), tombstone, other";

    private final Set<Operation> ops;
    private final boolean tombstones;
    private final boolean others;

    private OpSet(Set<Operation> ops, boolean tombstones, boolean others) {
        this.ops = ops;
        this.tombstones = tombstones;
        this.others = others;
    }

    /** What is wrong with a list of tokens, or null. */
    static String problem(List<?> tokens) {
        for (Object t : tokens) {
            String s = String.valueOf(t).trim();
            if (!s.equalsIgnoreCase(TOMBSTONE) && !s.equalsIgnoreCase(OTHER) && operation(s) == null) {
                return "entry '" + s + "' must be one of " + TOKENS;
            }
        }
        return null;
    }

    static OpSet of(List<String> tokens) {
        Set<Operation> ops = EnumSet.noneOf(Operation.class);
        boolean tombstones = false;
        boolean others = false;
        for (String t : tokens) {
            String s = t.trim().toLowerCase(Locale.ROOT);
            if (s.equals(TOMBSTONE)) {
                tombstones = true;
            } else if (s.equals(OTHER)) {
                others = true;
            } else {
                ops.add(operation(s));
            }
        }
        return new OpSet(ops, tombstones, others);
    }

    private static Operation operation(String s) {
        for (Operation o : Operation.values()) {
            if (o.matches(s)) {
                return o;
            }
        }
        return null;
    }

    boolean isEmpty() {
        return ops.isEmpty() && !tombstones && !others;
    }

    /** Whether the record is in the set, its operation read with {@code source}. */
    boolean contains(ConnectRecord<?> record, OpSource source) {
        if (record.value() == null) {
            return tombstones;
        }
        Operation op = source.of(record);
        return op == null ? others : ops.contains(op);
    }
}
