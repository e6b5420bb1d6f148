package io.cdckit.examples;

import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo end to end, as run-demo.sh runs it but without pauses: embedded PostgreSQL, Debezium,
 * Kafka and Connect, with Unwrap loaded from the built cdckit-smt-unwrap archive (failsafe keeps
 * Unwrap off this class path). Checks what the demo printed and the change pairs it collected, so
 * the demo cannot rot silently.
 */
class UnwrapDemoIT {

    @Test
    void theDemoStreamsTheWorkloadThroughUnwrap() {
        assertFalse(DemoPipeline.unwrapOnClassPath(), "Unwrap must come from plugin.path only");
        Path archive = UnwrapDemo.findArchive();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        List<Change> changes = new UnwrapDemo(out).run(new String[] {"--pause-ms=0", "--plugin-archive=" + archive});
        String printed = bytes.toString(StandardCharsets.UTF_8);

        // every event the workload makes, in order, and what Unwrap made of it
        Workload workload = Workload.demo();
        List<String> kinds = new ArrayList<>();
        changes.forEach(c -> kinds.add(c.kind()));
        assertEquals(workload.expectedEvents(), kinds, printed);
        Map<String, Integer> perKind = new TreeMap<>();
        kinds.forEach(k -> perKind.merge(k, 1, Integer::sum));
        assertEquals(Map.of("r", 2, "c", 4, "u", 3, "d", 2, "tombstone", 2), perKind);

        Map<Integer, Struct> table = new TreeMap<>();
        for (Change c : changes) {
            if (c.tombstone()) {
                assertTrue(c.dropped(), "rewrite mode drops tombstones: " + c);
                continue;
            }
            Struct row = c.row();
            assertNotNull(row, "a row for " + c);
            boolean delete = c.kind().equals("d");
            Struct image = delete ? c.before() : c.after();
            assertEquals(image.get("id"), row.get("id"), c.toString());
            assertEquals(image.get("name"), row.get("name"), c.toString());
            assertEquals(image.get("tier"), row.get("tier"), c.toString());
            assertEquals(Boolean.toString(delete), row.get("__deleted"), c.toString());
            assertEquals(c.kind(), row.get("__op"), c.toString());
            assertInstanceOf(Long.class, row.get("__source_ts_ms"), c.toString());
            assertEquals(((Struct) c.raw().key).get("id"), row.get("id"), "key and row agree: " + c);
            if (delete) {
                table.remove((Integer) row.get("id"));
            } else {
                table.put((Integer) row.get("id"), row);
            }
            if (c.kind().equals("u")) {
                assertNotNull(c.before(), "REPLICA IDENTITY FULL gives updates a before-image: " + c);
            }
        }

        // the rows a sink would hold at the end are the table the workload leaves behind
        Map<Integer, String> finalRows = new LinkedHashMap<>();
        table.forEach((id, row) -> finalRows.put(id, row.get("name") + "/" + row.get("tier")));
        assertEquals(Map.of(1, "Ada/gold", 2, "Grace/gold", 5, "Edsger/silver", 6, "Barbara/silver"), finalRows);

        // and what the terminal showed
        assertTrue(printed.contains("unwrapped (what the sink receives)"), printed);
        assertTrue(printed.contains("(version "), printed);
        assertTrue(printed.contains("from plugin.path, isolated"), printed);
        assertEquals(13, count(printed, "(?m)^ {0,2}\\d{1,2}  [rcud-] "), printed);
        assertEquals(2, count(printed, "\\(dropped\\)"), printed);
        assertEquals(2, count(printed, "__deleted=true __op=d"), printed);
        assertEquals(9, count(printed, "__deleted=false"), printed);
        assertTrue(printed.contains("13 change events in (r=2 c=4 u=3 d=2 tombstone=2), 11 rows out "
                + "(2 with __deleted=true), 2 dropped."), printed);
        assertTrue(printed.contains("Stopped in"), printed);
        String logs = printed.lines().filter(l -> l.contains("Component logs: ")).findFirst().orElseThrow();
        Path log = Path.of(logs.substring(logs.indexOf("Component logs: ") + "Component logs: ".length()));
        assertTrue(log.isAbsolute(), "the log's path must not depend on the current folder: " + logs);
        assertEquals(UnwrapDemo.logFile(), log);
        String header = printed.lines().filter(l -> l.contains("unwrapped (what")).findFirst().orElseThrow();
        int column = header.indexOf("unwrapped");
        printed.lines().filter(l -> l.matches("^ {0,2}\\d{1,2}  .*")).forEach(row -> {
            // fixed width: the unwrapped column starts at the same place on every row
            assertEquals("  ", row.substring(column - 2, column), row);
            assertTrue(row.charAt(column) != ' ', row);
        });
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
