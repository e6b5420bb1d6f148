package io.cdckit.core.cdc;

import io.cdckit.core.config.ConfigValue;
import io.cdckit.core.config.Validators;

import org.apache.kafka.common.config.ConfigDef;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The change-event format a {@link ChangeEvent} was recognised as. Each constant is one that
 * {@link ChangeEventDetector} (and {@link EnvelopeSchema#detect}, {@link ChangeEvents#detect})
 * actually recognises.
 *
 * <p>To add a dialect:
 * <ol>
 *   <li>add a constant here (its configuration text is its name, in lower case with {@code -}),
 *       saying whether its rows are JSON text and whether its before image is partial;</li>
 *   <li>give it a {@link ChangeEvent} view that answers in Debezium's terms (op codes
 *       {@code c/u/d/r/t}, {@code ts_ms}, {@code db}/{@code table} through
 *       {@link ChangeEvent#metadata}), with a {@code detect(Map)} recognising its full shape (every
 *       key one the format writes, each of the type it writes, so that no plain row is taken for
 *       an event) and, if it has a schema'd form, a {@code detect(Schema)} by field names and types.
 *       A flat format (metadata beside the rows) extends {@code FlatChangeEvent}, which reads Maps
 *       and Structs alike ({@code GoldenGateChangeEvent} is the model; {@code MaxwellChangeEvent}
 *       for a schemaless-only one);</li>
 *   <li>call the first from {@link ChangeEvents#detect(java.util.Map, Set)} and the second from
 *       {@link EnvelopeSchema#detect} (whose {@link EnvelopeSchema#view} then makes the view);</li>
 *   <li>if its images are not {@code before}/{@code after} fields (Canal's row arrays), teach
 *       {@code RowRewrite} where they are; if a message can carry several rows, answer
 *       {@link ChangeEvent#rowCount()}.</li>
 * </ol>
 * Everything built on the view (row scope, {@code Unwrap}, routing by operation) then works for it.
 */
public enum Dialect implements ConfigValue {

    /**
     * Debezium's relational connectors (PostgreSQL, MySQL, SQL Server, Oracle, ...): {@code before}
     * and {@code after} are structs (maps when schemaless) holding the row. PostgreSQL
     * logical-decoding message events are also of this dialect.
     */
    DEBEZIUM(false, false) {
        @Override
        public List<String> configAliases() {
            return List.of("debezium-relational");
        }
    },

    /**
     * Debezium's MongoDB connector: {@code before} and {@code after} are JSON documents carried as
     * strings (schema name {@code io.debezium.data.Json}), and update events may carry an
     * {@code updateDescription} struct.
     */
    DEBEZIUM_MONGODB(true, false) {
        @Override
        public String configValue() {
            return "mongodb";
        }

        @Override
        public List<String> configAliases() {
            return List.of("debezium-mongodb");
        }
    },

    /**
     * Maxwell's JSON ({@code database}, {@code table}, {@code type}, {@code ts}, {@code data},
     * {@code old}), schemaless only: {@code data} is the row (the deleted row for a delete),
     * {@code old} holds the previous values of the columns an update changed, and only those.
     */
    MAXWELL(false, true),

    /**
     * Oracle GoldenGate's JSON ({@code table}, {@code op_type}, {@code op_ts}, {@code current_ts},
     * {@code pos}, {@code primary_keys}, {@code before}, {@code after}): {@code before} and
     * {@code after} are whole rows, as in Debezium's relational envelopes.
     */
    GOLDENGATE(false, false),

    /**
     * Alibaba Canal's flat-message JSON ({@code database}, {@code table}, {@code type},
     * {@code es}, {@code ts}, {@code pkNames}, {@code data}, {@code old}): {@code data} is an array
     * of rows, {@code old} an array of the previous values of the columns an update changed.
     */
    CANAL(false, true);

    /** The configuration text that selects every dialect. */
    public static final String AUTO = "auto";

    private final boolean rowsAsJsonText;
    private final boolean partialBefore;

    Dialect(boolean rowsAsJsonText, boolean partialBefore) {
        this.rowsAsJsonText = rowsAsJsonText;
        this.partialBefore = partialBefore;
    }

    /**
     * @return true if the before and after images of this dialect are JSON text (a {@code String})
     *         rather than a {@code Struct} or {@code Map}
     */
    public boolean rowsAsJsonText() {
        return rowsAsJsonText;
    }

    /**
     * @return true if the before image holds only the columns the change touched (Maxwell's and
     *         Canal's {@code old}), not a whole row
     */
    public boolean partialBefore() {
        return partialBefore;
    }

    /**
     * The dialects a configuration selects: a list of texts, each {@value #AUTO} (all of them) or
     * one dialect's ({@code debezium} is the relational one, {@code mongodb} Debezium's MongoDB).
     *
     * @throws IllegalArgumentException if the list is empty or a text names none
     */
    public static Set<Dialect> select(List<String> texts) {
        EnumSet<Dialect> out = EnumSet.noneOf(Dialect.class);
        for (String text : texts) {
            out.addAll(select(text));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no dialect selected; list some of " + selections());
        }
        return Collections.unmodifiableSet(out);
    }

    /**
     * The dialects one configuration text selects: {@value #AUTO} all of them, otherwise the one
     * dialect of that text.
     *
     * @throws IllegalArgumentException if the text names none
     */
    public static Set<Dialect> select(String text) {
        String s = text.trim();
        if (AUTO.equalsIgnoreCase(s)) {
            return Collections.unmodifiableSet(EnumSet.allOf(Dialect.class));
        }
        for (Dialect d : values()) {
            if (d.matches(s)) {
                return Collections.unmodifiableSet(EnumSet.of(d));
            }
        }
        throw new IllegalArgumentException("no dialect '" + s + "'; one of " + selections());
    }

    /** The texts {@link #select} accepts: {@value #AUTO}, then each dialect's. */
    public static List<String> selections() {
        List<String> out = new ArrayList<>();
        out.add(AUTO);
        for (Dialect d : values()) {
            out.add(d.configValue());
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * A validator of a list key whose entries are each one of {@link #selections()} (or an alias),
     * and which is not empty.
     */
    public static ConfigDef.Validator selectionValidator() {
        return Validators.explained("non-empty list of " + String.join(", ", selections()), value -> {
            List<?> list = value instanceof List ? (List<?>) value : List.of(String.valueOf(value));
            if (list.isEmpty()) {
                return "must list at least one dialect";
            }
            for (Object o : list) {
                try {
                    select(String.valueOf(o));
                } catch (IllegalArgumentException e) {
                    return "'" + String.valueOf(o).trim() + "' is not a dialect; each entry one of "
                            + String.join(", ", selections());
                }
            }
            return null;
        });
    }
}
