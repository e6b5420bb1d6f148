package io.cdckit.smt.routing;

import io.cdckit.testkit.Differential;
import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.fixtures.Fixtures;
import io.debezium.transforms.ContentBasedRouter;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OperationRouter against Debezium's Groovy {@code ContentBasedRouter} ({@code debezium-scripting},
 * {@code language=jsr223.groovy}) with an expression that means the same, on the recorded corpus
 * (with schemas and without): for every routing below the two give the same output record (topic
 * and everything else) for every record with a value. Where they differ by design, the test says
 * so and runs Debezium to show it: with {@code null.handling.mode=keep} ContentBasedRouter leaves a
 * tombstone in its topic, where OperationRouter sends it after its delete; a record with no
 * operation (a heartbeat, a schema change) makes the expression fail, where OperationRouter passes
 * it on.
 */
class OperationRouterDifferentialTest {

    /** One routing, written for both: OperationRouter's templates and the Groovy expression. */
    record Routing(String label, Map<String, String> templates, String expression) {
        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * The routings. A PostgreSQL envelope's source has a field {@code schema}, which Groovy's property
     * syntax on a Connect {@code Struct} does not reach ({@link #groovysPropertySyntaxReadsTheStructsOwnSchema}):
     * the expressions read it with {@code get('schema')}.
     */
    static List<Routing> routings() {
        return List.of(
                new Routing("deletes to ${topic}.deleted", Map.of("topic.delete", "${topic}.deleted"),
                        "value.op == 'd' ? topic + '.deleted' : null"),
                new Routing("one topic per operation", Map.of("topic.format", "${topic}.${operation}"),
                        "topic + '.' + [c: 'create', u: 'update', d: 'delete', r: 'read', t: 'truncate', "
                                + "m: 'message'][value.op]"),
                new Routing("snapshot reads by table, the rest by op code",
                        Map.of("topic.format", "${topic}.${op}", "topic.read", "snapshots.${source.table}"),
                        "value.op == 'r' ? 'snapshots.' + value.source.table : topic + '.' + value.op"),
                new Routing("by source schema and table", Map.of("topic.format", "cdc.${source.schema}.${source.table}"),
                        "'cdc.' + value.source.get('schema') + '.' + value.source.table"),
                new Routing("by source database, schema and table",
                        Map.of("topic.format", "${source.db}.${source.schema}.${source.table}.${op}"),
                        "[value.source.db, value.source.get('schema'), value.source.table, value.op].join('.')"),
                new Routing("regex rewrite of two tables' topics",
                        Map.of("topic.format", "${topic:pg\\.shop\\.(products|customers):catalog.$1}.${op}"),
                        "(topic ==~ /pg\\.shop\\.(products|customers)/ "
                                + "? topic.replaceFirst(/pg\\.shop\\.(products|customers)/, 'catalog.$1') : topic) "
                                + "+ '.' + value.op"));
    }

    /** Every routing on the corpus with schemas (Structs) and without (Maps). */
    static Stream<Arguments> routingsOnBothCorpora() {
        return routings().stream().flatMap(r -> Stream.of(Arguments.of(r, "schemas"), Arguments.of(r, "schemaless")));
    }

    static List<SinkRecord> corpus(String which) {
        return which.equals("schemas") ? Fixtures.records() : Fixtures.schemalessRecords();
    }

    static OperationRouter<SinkRecord> ours(Map<String, String> templates) {
        OperationRouter<SinkRecord> t = new OperationRouter<>();
        t.configure(templates);
        return t;
    }

    static ContentBasedRouter<SinkRecord> debeziums(String expression, String nullHandling) {
        ContentBasedRouter<SinkRecord> t = new ContentBasedRouter<>();
        t.configure(Map.of("language", "jsr223.groovy", "topic.expression", expression,
                "null.handling.mode", nullHandling));
        return t;
    }

    static String op(SinkRecord r) {
        Object value = r.value();
        return (String) (value instanceof Struct s ? s.get("op") : ((Map<?, ?>) value).get("op"));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("routingsOnBothCorpora")
    void sameOutputAsTheGroovyExpressionForEveryRecordWithAValue(Routing routing, String corpus) {
        List<SinkRecord> withValue = new ArrayList<>();
        for (SinkRecord r : corpus(corpus)) {
            if (r.value() != null) {
                withValue.add(r);
            }
        }
        ContentBasedRouter<SinkRecord> debezium = debeziums(routing.expression(), "keep");
        OperationRouter<SinkRecord> router = ours(routing.templates());
        Differential.Outcome o = Differential.compare(router, debezium, withValue, routing + ", " + corpus);
        assertEquals(withValue.size(), o.compared, o.toString());
        assertEquals(0, o.peerCrashes, o.toString());
        int moved = 0;
        for (SinkRecord r : withValue) {
            moved += debezium.apply(Envelopes.copy(r)).topic().equals(r.topic()) ? 0 : 1;
        }
        assertTrue(moved > 0, "the routing moves records: " + routing);
        debezium.close();
        router.close();
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("routingsOnBothCorpora")
    void aTombstoneFollowsItsDeleteWhereContentBasedRouterLeavesItInItsTopic(Routing routing, String corpus) {
        ContentBasedRouter<SinkRecord> debezium = debeziums(routing.expression(), "keep");
        OperationRouter<SinkRecord> router = ours(routing.templates());
        Map<List<Object>, String> deleteTopics = new HashMap<>();
        int tombstones = 0;
        for (SinkRecord r : corpus(corpus)) {
            SinkRecord theirs = debezium.apply(Envelopes.copy(r));
            SinkRecord mine = router.apply(Envelopes.copy(r));
            List<Object> key = Arrays.asList(r.topic(), r.key());
            if (r.value() != null) {
                assertEquals(theirs.topic(), mine.topic(), routing.label());
                if (op(r).equals("d")) {
                    deleteTopics.put(key, theirs.topic());
                }
                continue;
            }
            tombstones++;
            String where = routing + ", " + corpus + ", tombstone of " + r.topic() + " offset " + r.kafkaOffset();
            assertEquals(r.topic(), theirs.topic(), "ContentBasedRouter keeps a tombstone in its topic: " + where);
            assertTrue(deleteTopics.containsKey(key), "the corpus has the delete before its tombstone: " + where);
            assertEquals(deleteTopics.get(key), mine.topic(), "OperationRouter sends it after its delete: " + where);
            SinkRecord moved = r.newRecord(mine.topic(), r.kafkaPartition(), r.keySchema(), r.key(), r.valueSchema(),
                    r.value(), r.timestamp(), r.headers());
            Differential.assertSameRecord(moved, mine, "but for its topic, the tombstone as it came: " + where);
        }
        assertTrue(tombstones > 0, "the corpus has tombstones");
        debezium.close();
        router.close();
    }

    /**
     * Where a delete's topic is its input topic rewritten, a ContentBasedRouter that evaluates
     * tombstones ({@code null.handling.mode=evaluate}) and routes them as their delete gives the
     * same output as OperationRouter for every record of the corpus, tombstones included: the
     * migration of such an expression.
     */
    @Test
    void anExpressionThatRoutesTombstonesLikeTheirDeleteGivesTheSameOutputForEveryRecord() {
        ContentBasedRouter<SinkRecord> debezium = debeziums(
                "value == null || value.op == 'd' ? topic + '.deleted' : null", "evaluate");
        OperationRouter<SinkRecord> router = ours(Map.of("topic.delete", "${topic}.deleted"));
        List<SinkRecord> corpus = Fixtures.records();
        Differential.Outcome o = Differential.compare(router, debezium, corpus, "deletes and tombstones");
        assertEquals(corpus.size(), o.compared, o.toString());
        assertTrue(corpus.stream().anyMatch(r -> r.value() == null), "the corpus has tombstones");
        debezium.close();
        router.close();
    }

    /**
     * A source field named like a private field of Connect's {@code Struct} ({@code schema}, in every
     * PostgreSQL envelope's source) is not that field in Groovy's property syntax: Groovy reads
     * {@code value.source.schema} as the Struct's own {@code Schema}, so the topic gets the schema's
     * description. OperationRouter's {@code ${source.schema}} is the field.
     */
    @Test
    void groovysPropertySyntaxReadsTheStructsOwnSchema() {
        ContentBasedRouter<SinkRecord> debezium = debeziums("'cdc.' + value.source.schema", "keep");
        OperationRouter<SinkRecord> router = ours(Map.of("topic.format", "cdc.${source.schema}"));
        SinkRecord event = Fixtures.records().get(0);
        Struct source = ((Struct) event.value()).getStruct("source");
        assertEquals("cdc." + source.schema(), debezium.apply(Envelopes.copy(event)).topic());
        assertEquals("cdc." + source.getString("schema"), router.apply(Envelopes.copy(event)).topic());
        debezium.close();
        router.close();
    }

    /**
     * A record with a value but no operation (a heartbeat, a schema change) makes an expression on
     * {@code value.op} fail in ContentBasedRouter, with the record, its values included, in the
     * exception's message; OperationRouter passes it on as it is ({@code topic.other} unset).
     */
    @Test
    void aRecordWithoutAnOperationFailsTheExpressionAndKeepsItsTopicInOperationRouter() {
        ContentBasedRouter<SinkRecord> debezium = debeziums("topic + '.' + value.op", "keep");
        OperationRouter<SinkRecord> router = ours(Map.of("topic.format", "${topic}.${op}"));
        String ddl = "ALTER TABLE customers ADD COLUMN nickname text";
        for (SinkRecord r : List.of(
                Envelopes.record("pg", null, null, Envelopes.SCHEMA_CHANGE, Envelopes.schemaChange(ddl), 1),
                Envelopes.record("__debezium-heartbeat.pg", null, null, Envelopes.HEARTBEAT, Envelopes.heartbeat(5L), 2))) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> debezium.apply(Envelopes.copy(r)));
            assertTrue(e.getMessage().contains(r.value().toString()), "the record's value in the message: " + r.topic());
            assertSame(r, router.apply(r), r.topic());
        }
        debezium.close();
        router.close();
    }
}
