package io.cdckit.smt.routing;

import io.cdckit.testkit.Envelopes;

import io.debezium.transforms.outbox.EventRouter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.cdckit.smt.routing.OutboxEvents.STRICT;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JSON payload expansion against Debezium 3.7's {@code EventRouter} on generated documents: objects
 * with nested objects, arrays of scalars, objects and arrays, nulls, empty arrays and numbers of
 * every size, drawn from a fixed seed, in each null and empty-array behavior.
 *
 * <p>Where Debezium leaves the payload as it is, ours must too. Where Debezium's output is a value
 * that does not match its schema ({@code ConnectSchema.validateValue} fails: the cases the README
 * lists), or one that lost values of the document (fields it drops, as it does for the later
 * elements of an array of arrays), it is not compared. Every other document must give the same
 * schema and the same value. Ours must always give a value that matches its schema.
 */
class OutboxRouterRandomDifferentialTest {

    /** Documents per behavior; {@code -Doutbox.random.documents=} and {@code -Doutbox.random.seed=} for a longer or another run. */
    static final int DOCUMENTS = Integer.getInteger("outbox.random.documents", 4_000);
    static final long SEED = Long.getLong("outbox.random.seed", 20_261_201L);
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final List<String> KEYS = List.of("a", "b", "c", "id", "name", "x1", "_y", "Qty", "tags", "n");

    @Test
    void generatedDocumentsExpandAsInDebezium() throws Exception {
        int compared = 0;
        int total = 0;
        int[] skipped = new int[3]; // both text, Debezium's value does not match its schema, Debezium lost values
        for (Map<String, String> config : OutboxRouterDifferentialTest.expansions()) {
            Random random = new Random(SEED + config.hashCode());
            OutboxRouter<SourceRecord> ours = OutboxRouterDifferentialTest.ours(config);
            EventRouter<SourceRecord> debezium = OutboxRouterDifferentialTest.debeziums(config);
            for (int i = 0; i < DOCUMENTS; i++) {
                String doc = MAPPER.writeValueAsString(new Documents(random).document());
                SourceRecord in = STRICT.insert(i, "Order", "agg", doc);
                SourceRecord mine = ours.apply(in);
                String label = config + " " + doc;
                assertValid(mine, label);
                SourceRecord theirs = debezium.apply(Envelopes.copy(in));
                total++;
                if (theirs.value() instanceof String && theirs.valueSchema() == OutboxEvents.JSON) {
                    assertEquals(doc, mine.value(), "Debezium left it as it is: " + label);
                    skipped[0]++;
                } else if (!valid(theirs)) {
                    skipped[1]++;
                } else if (!lossless(MAPPER.readTree(doc), theirs.value(), config)) {
                    skipped[2]++;
                } else {
                    assertEquals(theirs.valueSchema(), mine.valueSchema(), "schema: " + label);
                    assertEquals(theirs.value(), mine.value(), "value: " + label);
                    compared++;
                }
            }
        }
        String counts = compared + " compared of " + total + "; text in both " + skipped[0] + ", Debezium's value "
                + "not of its schema " + skipped[1] + ", Debezium lost values " + skipped[2];
        assertTrue(compared > total / 3, counts);
        assertTrue(skipped[0] > 0 && skipped[1] > 0 && skipped[2] > 0, "every kind of document occurs: " + counts);
    }

    /** Ours: the text with the column's schema, or a value of the schema inferred. */
    static void assertValid(SourceRecord r, String label) {
        if (r.value() instanceof String) {
            assertEquals(OutboxEvents.JSON, r.valueSchema(), label);
        } else {
            assertTrue(r.value() instanceof Struct || r.value() instanceof List, label); // an array: a top-level one
            assertDoesNotThrow(() -> ConnectSchema.validateValue(r.valueSchema(), r.value()), label);
        }
    }

    static boolean valid(SourceRecord r) {
        try {
            ConnectSchema.validateValue(r.valueSchema(), r.value());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether Debezium's value holds all the document holds: each key of an object a field of its
     * struct with the key's value, unless the behaviors leave the key out (a null with
     * {@code ignore}, an empty array with {@code ignore}); each other field null; arrays element by
     * element; scalars equal as JSON.
     */
    static boolean lossless(JsonNode doc, Object value, Map<String, String> config) {
        if (doc.isNull()) {
            return value == null;
        }
        if (doc.isObject()) {
            if (!(value instanceof Struct s)) {
                return false;
            }
            int present = 0;
            for (Map.Entry<String, JsonNode> e : doc.properties()) {
                Field f = e.getKey().isEmpty() ? null : s.schema().field(e.getKey());
                JsonNode v = e.getValue();
                if (f == null) {
                    boolean leftOut = v.isNull() ? config.get("table.json.payload.null.behavior").equals("ignore")
                            : v.isArray() && v.isEmpty()
                            && config.get("table.json.payload.empty.array.behavior").equals("ignore");
                    if (!leftOut) {
                        return false;
                    }
                } else if (!lossless(v, s.get(f), config)) {
                    return false;
                } else {
                    present++;
                }
            }
            long set = s.schema().fields().stream().filter(f -> s.get(f) != null).count();
            return set <= present; // no value the document does not have
        }
        if (doc.isArray()) {
            if (!(value instanceof List<?> l) || l.size() != doc.size()) {
                return false;
            }
            for (int i = 0; i < l.size(); i++) {
                if (!lossless(doc.get(i), l.get(i), config)) {
                    return false;
                }
            }
            return true;
        }
        return MAPPER.valueToTree(value).equals(doc);
    }

    /**
     * Random JSON documents: a type is drawn first (a scalar kind, an array of a type, an object of
     * keys and their types), then a value of that type with noise: nulls, missing keys, empty
     * arrays, arrays of nulls, now and then a value of another type or an empty key.
     */
    static final class Documents {
        private final Random random;

        Documents(Random random) {
            this.random = random;
        }

        JsonNode document() {
            return value(object(0), 0);
        }

        /** A type: an Integer scalar kind (0 string, 1 boolean, 2 int, 3 long, 4 double, 5 huge), a List of one element type, or a Map. */
        private Object type(int depth) {
            int r = random.nextInt(100);
            if (depth >= 4 || r < 40) {
                return random.nextInt(100) < 2 ? 5 : random.nextInt(5);
            }
            return r < 75 ? List.of(type(depth + 1)) : object(depth + 1);
        }

        private Map<String, Object> object(int depth) {
            Map<String, Object> fields = new java.util.LinkedHashMap<>();
            int n = depth == 0 ? 1 + random.nextInt(4) : random.nextInt(5);
            for (int i = 0; i < n; i++) {
                String key = random.nextInt(200) == 0 ? "" : KEYS.get(random.nextInt(KEYS.size()));
                fields.putIfAbsent(key, type(depth + 1));
            }
            return fields;
        }

        private JsonNode value(Object type, int depth) {
            if (depth > 0 && random.nextInt(100) < 8) {
                return NODES.nullNode();
            }
            if (random.nextInt(100) < 2) {
                type = type(depth); // a value of another type
            }
            if (type instanceof Integer kind) {
                return scalar(kind);
            }
            if (type instanceof List<?> element) {
                ArrayNode a = NODES.arrayNode();
                int r = random.nextInt(100);
                if (r < 12) {
                    return a; // empty
                }
                int size = 1 + random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    if (r < 18) {
                        a.addNull(); // only nulls
                    } else if (element.get(0) instanceof List<?> && random.nextInt(100) < 15) {
                        a.add(random.nextBoolean() ? NODES.arrayNode() : NODES.arrayNode().addNull()); // nothing in it
                    } else {
                        a.add(value(element.get(0), depth + 1));
                    }
                }
                return a;
            }
            ObjectNode o = NODES.objectNode();
            ((Map<?, ?>) type).forEach((k, t) -> {
                if (random.nextInt(100) < 85) {
                    o.set((String) k, value(t, depth + 1));
                }
            });
            if (random.nextInt(100) < 5) {
                o.set(KEYS.get(random.nextInt(KEYS.size())), value(type(depth + 1), depth + 1));
            }
            return o;
        }

        private JsonNode scalar(int kind) {
            switch (kind) {
                case 0:
                    return NODES.textNode(random.nextInt(10) == 0 ? "" : "s" + random.nextInt(100));
                case 1:
                    return NODES.booleanNode(random.nextBoolean());
                case 2: {
                    int[] edges = {0, -1, 1, 42, Integer.MAX_VALUE, Integer.MIN_VALUE};
                    return NODES.numberNode(random.nextBoolean() ? edges[random.nextInt(edges.length)]
                            : random.nextInt());
                }
                case 3: {
                    long[] edges = {Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L, Long.MAX_VALUE, Long.MIN_VALUE};
                    return NODES.numberNode(random.nextBoolean() ? edges[random.nextInt(edges.length)]
                            : random.nextLong() | (1L << 40));
                }
                case 4: {
                    double[] edges = {0.0, -0.0, 1.5, 1e300, -2.5e-300, 0.1};
                    return NODES.numberNode(random.nextBoolean() ? edges[random.nextInt(edges.length)]
                            : random.nextGaussian() * 1e6);
                }
                default:
                    return NODES.numberNode(BigInteger.valueOf(random.nextLong()).shiftLeft(70));
            }
        }
    }
}
