package io.cdckit.smt.routing;

import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.Validators;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;

import java.util.List;

/**
 * What the {@code OperationIs} predicate (in {@code io.cdckit.smt.routing.predicates}) needs of
 * this package: its configuration and a matcher of operations, so that the op sets and sources stay
 * package-private.
 */
public final class Operations {

    public static final String OP_SOURCE = "op.source";

    private Operations() {
    }

    /** Tests records against a set of operations. Thread-safe. */
    public static final class Matcher {
        private final OpSet ops;
        private final OpSource source;
        private final String text;

        private Matcher(OpSet ops, OpSource source, String text) {
            this.ops = ops;
            this.source = source;
            this.text = text;
        }

        public boolean test(ConnectRecord<?> record) {
            return ops.contains(record, source);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** The predicate's configuration: the list {@code opsKey} (required) and {@code op.source}. */
    public static ConfigDef predicateConfig(String opsKey) {
        return ConfigKeys.define()
                .list(opsKey, "The operations the predicate is true for: " + OpSet.TOKENS + ".")
                .required()
                .validator(Validators.explained("a list of operations", v -> OpSet.problem((List<?>) v)))
                .importance(ConfigDef.Importance.HIGH)
                .with(Operations::declareOpSource)
                .build();
    }

    /** Declares {@code op.source}, as the filter, the router and the predicate read it. */
    public static void declareOpSource(ConfigKeys keys) {
        keys.string(OP_SOURCE, "auto", "Where the operation is read: auto (the change-event envelope, else the "
                        + "header __op, else the field __op, as Unwrap adds them), envelope, header:<name>, "
                        + "field:<name>.")
                .validator(Validators.explained("auto, envelope, header:<name> or field:<name>",
                        v -> OpSource.problem(String.valueOf(v))))
                .importance(ConfigDef.Importance.MEDIUM);
    }

    /** @param schemas how many value schemas the envelope recognition remembers ({@code schema.cache.size}) */
    public static Matcher matcher(List<String> ops, String source, int schemas) {
        return new Matcher(OpSet.of(ops), OpSource.parse(source, schemas), "ops=" + String.join(",", ops)
                + ", op.source=" + source);
    }
}
