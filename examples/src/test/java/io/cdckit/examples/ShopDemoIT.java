package io.cdckit.examples;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo end to end, as run-demo.sh runs it but without pauses: embedded PostgreSQL, Debezium,
 * Kafka and Connect, with every plugin loaded from its built archive (failsafe keeps them off this
 * class path). Checks each change at each stage against what the database holds, and the summary
 * the demo printed, so the demo cannot rot silently.
 */
class ShopDemoIT {

    @Test
    void everyChangeGoesThroughTheWholeChain() throws Exception {
        assertFalse(DemoPipeline.pluginsOnClassPath(), "the plugins must come from plugin.path only");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        List<Change> changes = new ShopDemo(out).run(new String[] {"--pause-ms=0"});
        String printed = bytes.toString(StandardCharsets.UTF_8);

        Workload workload = Workload.demo();
        List<Workload.Event> events = new ArrayList<>();
        changes.forEach(c -> events.add(c.event()));
        assertEquals(workload.expectedEvents(), events, printed);

        Map<Object, String> tierNames = Map.of(1, "bronze", 2, "silver", 3, "gold");
        Map<Object, Integer> tierDiscounts = Map.of(1, 0, 2, 5, 3, 10);
        Set<String> rawSecrets = new HashSet<>();
        boolean altered = false;
        for (Change c : changes) {
            String op = c.event().op();
            boolean delete = op.equals(Workload.DELETE);
            boolean customers = c.event().table().equals(Workload.CUSTOMERS);
            Struct raw = c.rawImage();
            Struct masked = c.maskedImage();
            Struct row = c.row();
            String why = c + "\n" + printed;

            // the router: deletes to their own topic; the rest keep the table's
            assertEquals(DemoPipeline.PREFIX + "." + c.event().table() + (delete ? DemoPipeline.DELETES_SUFFIX : ""),
                    c.topic(), why);
            // Unwrap: the row is the image, with what add.fields and rewrite add
            assertEquals(raw.get("id"), row.get("id"), why);
            assertEquals(op, row.get("__op"), why);
            assertEquals(Boolean.toString(delete), row.get("__deleted"), why);
            assertNotNull(row.get("__source_lsn"), why);
            // ChangedFields: an update carries the columns whose values differ between the raw images
            Struct envelope = (Struct) c.raw().value;
            if (op.equals(Workload.UPDATE)) {
                Set<String> changed = new HashSet<>();
                for (Field f : raw.schema().fields()) {
                    if (!Objects.equals(envelope.getStruct("before").get(f.name()), raw.get(f))) {
                        changed.add(f.name());
                    }
                }
                assertFalse(changed.isEmpty(), why);
                assertEquals(changed, new HashSet<>(row.getArray("__changed")), why);
            }

            if (customers) {
                // Mask: email an HMAC token, phone the last four kept, card FPE (same length, digits, Luhn, last four)
                String email = raw.getString("email");
                rawSecrets.add(email);
                assertNotEquals(email, masked.getString("email"), why);
                assertFalse(masked.getString("email").contains("@shop.example"), why);
                String phone = raw.getString("phone");
                if (phone == null) {
                    assertNull(masked.get("phone"), why);
                } else {
                    rawSecrets.add(phone);
                    assertNotEquals(phone, masked.getString("phone"), why);
                    assertEquals(phone.length(), masked.getString("phone").length(), why);
                    assertTrue(masked.getString("phone").endsWith(phone.substring(phone.length() - 4)), why);
                }
                String card = raw.getString("card");
                rawSecrets.add(card);
                String fpe = masked.getString("card");
                assertNotEquals(card, fpe, why);
                assertEquals(card.length(), fpe.length(), why);
                assertTrue(fpe.matches("\\d+"), why);
                assertEquals(card.substring(card.length() - 4), fpe.substring(fpe.length() - 4), why);
                assertTrue(luhn(fpe), why);
                for (String f : DemoPipeline.MASKED_FIELDS) {
                    assertEquals(masked.get(f), row.get(f), "the row carries the masked value: " + why);
                }
                assertEquals(raw.get("name"), row.get("name"), why);
                // TimestampNormalizer: the MicroTimestamp became ISO-8601 text of the same instant
                long micros = raw.getInt64("signed_up");
                Instant instant = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
                assertEquals(instant, Instant.parse(masked.getString("signed_up")), why);
                assertEquals(masked.get("signed_up"), row.get("signed_up"), why);
                // Lookup: the tier from the reference table
                assertEquals(tierNames.get(raw.get("tier_id")), row.get("tier_name"), why);
                assertEquals(tierDiscounts.get(raw.get("tier_id")), row.get("tier_discount_pct"), why);
                // the schema change: loyalty_points from the ALTER TABLE on, in schema version 2
                boolean hasColumn = raw.schema().field("loyalty_points") != null;
                altered |= hasColumn;
                assertEquals(altered, hasColumn, "once added, the column stays: " + why);
                assertEquals(hasColumn, row.schema().field("loyalty_points") != null, why);
                if (!delete) {
                    assertEquals(hasColumn ? 2 : 1, c.schemaVersion(), why);
                }
            } else {
                assertEquals(raw.get("customer_id"), row.get("customer_id"), why);
                assertEquals(0, ((BigDecimal) raw.get("amount")).compareTo((BigDecimal) row.get("amount")), why);
                assertNull(row.schema().field("tier_name"), "Lookup runs on customers only: " + why);
                assertEquals(1, c.schemaVersion(), why);
            }
        }
        assertTrue(altered, "the workload's ALTER TABLE must show");
        // no raw PII reached the end of the chain
        for (Change c : changes) {
            String row = ChangeTable.summary(c.row(), Set.of());
            for (String secret : rawSecrets) {
                assertFalse(row.contains(secret), "raw PII in a final row: " + c);
            }
        }

        // the summary: each topic's records, from the changes the demo paired
        Map<String, Integer> expected = new TreeMap<>();
        DemoPipeline.topics().forEach(t -> expected.put(t, 0));
        for (Change c : changes) {
            int perEnvelopeTopic = c.event().op().equals(Workload.DELETE) ? 2 : 1; // the delete's tombstone
            expected.merge(DemoPipeline.RAW_PREFIX + "." + c.event().table(), perEnvelopeTopic, Integer::sum);
            expected.merge(DemoPipeline.MASKED_PREFIX + "." + c.event().table(), perEnvelopeTopic, Integer::sum);
            expected.merge(c.topic(), 1, Integer::sum);
        }
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(e.getKey()) + " +(\\d+)").matcher(printed);
            assertTrue(m.find(), e.getKey() + " in the summary:\n" + printed);
            assertEquals(e.getValue(), Integer.parseInt(m.group(1)), e.getKey() + "\n" + printed);
        }
        assertTrue(Pattern.compile("(?m)^  demo\\.shop\\.customers +\\d+  schema versions v1 \\(id \\d+\\), v2 \\(id \\d+\\)$")
                .matcher(printed).find(), printed);
        long customerChanges = changes.stream().filter(c -> c.event().table().equals(Workload.CUSTOMERS)).count();
        assertTrue(printed.contains(changes.size() + " change events "), printed);
        assertTrue(printed.contains(customerChanges + " of " + customerChanges + " customer rows masked"), printed);
        assertTrue(printed.contains("from plugin.path, isolated"), printed);
        assertTrue(printed.contains("Stopped in"), printed);
        // the configuration holds config provider references, never a secret
        for (String key : List.of("transforms.mask.hmac.key", "transforms.mask.fpe.key", "transforms.tier.jdbc.password")) {
            assertTrue(printed.contains(key + "=${file:<secrets>:"), key + "\n" + printed);
        }
        String logs = printed.lines().filter(l -> l.contains("Component logs: ")).findFirst().orElseThrow();
        Path log = Path.of(logs.substring(logs.indexOf("Component logs: ") + "Component logs: ".length()));
        assertTrue(log.isAbsolute(), "the log's path must not depend on the current folder: " + logs);
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
