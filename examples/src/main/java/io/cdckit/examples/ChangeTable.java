package io.cdckit.examples;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Prints change events as a fixed-width table: the raw envelope (op, key, before, after) next to
 * what the sink received after {@code Unwrap}. Rows are printed one by one as they arrive.
 */
public final class ChangeTable {

    private static final int NUMBER = 3;
    private static final int OP = 2;
    private static final int KEY = 6;
    private static final int IMAGE = 30;
    private static final String GAP = "  ";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;
    private boolean headerPrinted;

    public ChangeTable(PrintStream out) {
        this.out = out;
    }

    /** The column titles (printed once, before the first row or step). */
    public void header() {
        if (headerPrinted) {
            return;
        }
        headerPrinted = true;
        out.println("op: r = snapshot read, c = create, u = update, d = delete, - = tombstone (the null-value record"
                + " Debezium writes after a delete)");
        out.println();
        out.println(line("#", "op", "key", "before (raw envelope)", "after (raw envelope)",
                "unwrapped (what the sink receives)"));
        out.println(line("-".repeat(NUMBER), "-".repeat(OP), "-".repeat(KEY), "-".repeat(IMAGE), "-".repeat(IMAGE),
                "-".repeat(40)));
    }

    /** A heading before the events of a workload step: the time and the SQL that was run. */
    public void step(List<String> sql) {
        header();
        String time = LocalTime.now().truncatedTo(ChronoUnit.SECONDS).format(TIME);
        out.println("  " + time + "  " + String.join("; ", sql));
    }

    /** A free-text heading (e.g. the snapshot). */
    public void note(String text) {
        header();
        out.println("  " + text);
    }

    /** One change: the raw event and its outcome. */
    public void row(Change c) {
        header();
        String op = c.tombstone() ? "-" : c.kind();
        String before = c.tombstone() ? "(tombstone)" : summary(c.before());
        String after = c.tombstone() ? "(tombstone)" : summary(c.after());
        String outcome;
        if (c.dropped()) {
            outcome = "(dropped)";
        } else if (c.unwrapped().value == null) {
            outcome = "(tombstone)";
        } else {
            outcome = summary(c.unwrapped().value);
        }
        out.println(line(Integer.toString(c.number()), op, summary(c.raw().key), before, after, outcome));
        out.flush();
    }

    private static String line(String number, String op, String key, String before, String after, String outcome) {
        return padLeft(number, NUMBER) + GAP + pad(op, OP) + GAP + pad(key, KEY) + GAP + pad(before, IMAGE) + GAP
                + pad(after, IMAGE) + GAP + outcome;
    }

    /** {@code name=value} pairs of a Struct or Map, space separated; {@code -} for none. */
    static String summary(Object value) {
        if (value == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        if (value instanceof Struct) {
            Struct s = (Struct) value;
            for (Field f : s.schema().fields()) {
                append(b, f.name(), s.get(f));
            }
        } else if (value instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
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
        b.append(name).append('=').append(v instanceof Struct || v instanceof Map ? "{" + summary(v) + "}" : v);
    }

    private static String pad(String s, int width) {
        if (s.length() > width) {
            return s.substring(0, width - 3) + "...";
        }
        return s + " ".repeat(width - s.length());
    }

    private static String padLeft(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
