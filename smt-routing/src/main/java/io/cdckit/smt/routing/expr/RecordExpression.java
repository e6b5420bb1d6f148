package io.cdckit.smt.routing.expr;

import io.cdckit.core.cache.PlanCache;
import io.cdckit.core.cdc.ChangeEvent;
import io.cdckit.core.cdc.ChangeEvents;
import io.cdckit.core.cdc.EnvelopeSchema;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An expression over a record, with the bindings of Debezium's scripting SMTs: {@code key},
 * {@code value}, {@code keySchema}, {@code valueSchema}, {@code topic} and {@code header} (a map
 * from each header's name to the last header of that name, whose {@code key}, {@code value} and
 * {@code schema} an expression reads), and beside them {@code op} (the op code), {@code before},
 * {@code after} and {@code source} of a change event (null when the value is not one). Only the
 * variables the expression names are bound: the header map is made only for an expression that
 * names {@code header}, and the envelope read only for one that names {@code op}, {@code before},
 * {@code after} or {@code source} (its schema recognised once per schema). Thread-safe.
 */
public final class RecordExpression {

    /** The variables a record expression may name. */
    public static final Set<String> NAMES = Set.of("key", "value", "keySchema", "valueSchema", "topic", "header", "op",
            "before", "after", "source");

    private static final int KEY = 0;
    private static final int VALUE = 1;
    private static final int KEY_SCHEMA = 2;
    private static final int VALUE_SCHEMA = 3;
    private static final int TOPIC = 4;
    private static final int HEADER = 5;
    private static final int OP = 6;
    private static final int BEFORE = 7;
    private static final int AFTER = 8;
    private static final int SOURCE = 9;
    private static final List<String> ORDER = List.of("key", "value", "keySchema", "valueSchema", "topic", "header",
            "op", "before", "after", "source");

    private final Expression expression;
    private final int[] kinds;
    private final boolean readsEvent;
    private final PlanCache<Schema, Optional<EnvelopeSchema>> envelopes;
    private final Expression.Binder<ConnectRecord<?>> binder = this::bind;

    private RecordExpression(Expression expression, int cacheSize) {
        this.expression = expression;
        List<String> names = expression.variables();
        this.kinds = new int[names.size()];
        boolean event = false;
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = ORDER.indexOf(names.get(i));
            event |= kinds[i] >= OP;
        }
        this.readsEvent = event;
        this.envelopes = PlanCache.of(cacheSize, s -> Optional.ofNullable(EnvelopeSchema.detect(s)));
    }

    /** @throws IllegalArgumentException for a syntax error or what the sandbox refuses */
    public static RecordExpression compile(String text, ExpressionSettings settings, int cacheSize) {
        return new RecordExpression(Expression.compile(text, NAMES, settings), cacheSize);
    }

    /** The expression's result on {@code record}. @throws ExpressionException */
    public Object evaluate(ConnectRecord<?> record) {
        return expression.evaluate(binder, record);
    }

    /** The cache of envelope schemas, for the metrics of the plugin that owns it. */
    public PlanCache<Schema, ?> cache() {
        return envelopes;
    }

    public String text() {
        return expression.text();
    }

    /** Whether the expression names {@code variable}. */
    public boolean names(String variable) {
        return expression.variables().contains(variable);
    }

    private void bind(ConnectRecord<?> record, Object[] slots) {
        ChangeEvent event = readsEvent ? event(record.value()) : null;
        for (int i = 0; i < kinds.length; i++) {
            slots[i] = switch (kinds[i]) {
                case KEY -> record.key();
                case VALUE -> record.value();
                case KEY_SCHEMA -> record.keySchema();
                case VALUE_SCHEMA -> record.valueSchema();
                case TOPIC -> record.topic();
                case HEADER -> headers(record);
                case OP -> event == null ? null : event.opCode();
                case BEFORE -> event == null ? null : event.before();
                case AFTER -> event == null ? null : event.after();
                case SOURCE -> event == null ? null : event.source();
                default -> throw new IllegalStateException("slot " + i);
            };
        }
    }

    /** Debezium's header binding: each header's name to the last header of that name. */
    private static Map<String, Header> headers(ConnectRecord<?> record) {
        Map<String, Header> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h);
        }
        return headers;
    }

    private ChangeEvent event(Object value) {
        if (value instanceof Struct s) {
            Optional<EnvelopeSchema> env = envelopes.get(s.schema());
            return env.isEmpty() || !env.get().matches(s) ? null : env.get().view(s);
        }
        if (value instanceof Map<?, ?> m && !ChangeEvents.isControlRecord(m)) {
            return ChangeEvents.detect(m);
        }
        return null;
    }
}
