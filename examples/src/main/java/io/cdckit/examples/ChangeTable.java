package io.cdckit.examples;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints each change as a block: a heading (number, table, op, the topic the router chose and the
 * schema version), then the row at each stage, one line each: the raw envelope's image, the masked
 * envelope's image, and the final row as the sink read it.
 */
public final class ChangeTable {

    /** Fields of the final row used to pair the stages, left out of the display. */
    static final Set<String> HIDDEN = Set.of("__source_lsn", "__source_ts_ms");
    private static final String INDENT = "        ";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;
    private boolean headerPrinted;

    public ChangeTable(PrintStream out) {
        this.out = out;
    }

    /** The legend (printed once, before the first block or step). */
    public void header() {
        if (headerPrinted) {
            return;
        }
        headerPrinted = true;
        out.println("op: r = snapshot read, c = create, u = update, d = delete. Each change at each stage:");
        out.println("  raw     the row in Debezium's envelope (after; before for a delete), as the database wrote it");
        out.println("  masked  after ChangedFields, Mask and TimestampNormalizer (still an envelope)");
        out.println("  row     after Unwrap, Lookup and OperationRouter, as the sink read it back through AvroConverter");
        out.println();
    }

    /** A heading before the changes of a workload step: the time and the SQL that was run. */
    public void step(List<String> sql) {
        header();
        String time = LocalTime.now().truncatedTo(ChronoUnit.SECONDS).format(TIME);
        out.println();
        out.println(time + "  " + String.join("; ", sql));
    }

    /** A free-text heading (e.g. the snapshot). */
    public void note(String text) {
        header();
        out.println(text);
    }

    /** One change at every stage. */
    public void change(Change c) {
        header();
        out.printf("%4s  %-9s %s  -> %s  (schema v%d, id %d)%n", "#" + c.number(), c.event().shortTable(),
                c.event().op(), c.topic(), c.schemaVersion(), c.schemaId());
        out.println(INDENT + "raw     " + summary(c.rawImage(), Set.of()));
        out.println(INDENT + "masked  " + summary(c.maskedImage(), Set.of()));
        out.println(INDENT + "row     " + summary(c.row(), HIDDEN));
        out.flush();
    }

    /** {@code name=value} pairs of a Struct or Map, space separated, without {@code hidden}; {@code -} for none. */
    static String summary(Object value, Set<String> hidden) {
        if (value == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        if (value instanceof Struct s) {
            for (Field f : s.schema().fields()) {
                if (!hidden.contains(f.name())) {
                    append(b, f.name(), s.get(f));
                }
            }
        } else if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                append(b, String.valueOf(e.getKey()), e.getValue());
            }
        } else {
            b.append(value);
        }
        return b.toString();
    }

    private static void append(StringBuilder b, String name, Object v) {
        if (b.length() > 0) {
            b.append(' ');
        }
        b.append(name).append('=');
        if (v instanceof Struct || v instanceof Map) {
            b.append('{').append(summary(v, Set.of())).append('}');
        } else if (v instanceof byte[] bytes) {
            b.append("<").append(bytes.length).append(" bytes>");
        } else {
            b.append(v);
        }
    }
}
