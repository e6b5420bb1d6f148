package io.cdckit.smt.routing;

import io.cdckit.smt.routing.expr.ExpressionKeys;
import io.cdckit.testkit.ValidateTable;
import io.cdckit.testkit.connect.SinkRun;
import io.cdckit.testkit.fixtures.Fixtures;
import io.cdckit.testkit.junit.ConnectRuntimeExtension;

import io.cdckit.core.cdc.Operation;
import io.cdckit.core.transform.CdcTransform;
import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.WorkerMetrics;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code OperationFilter}, {@code OperationRouter}, the {@code OperationIs} predicate and
 * {@code OutboxRouter} loaded from the module's plugin archive into a real Connect worker: every
 * configuration mistake through validate; the recorded corpus in the sink path: the snapshot's reads
 * dropped by the filter and by the predicate (under Kafka's own {@code Filter}), and every operation
 * routed to a topic of its own, with the records that fail in the dead letter queue, counted; and
 * outbox events routed, their JSON payloads expanded (with the Jackson the archive bundles).
 */
class RoutingConnectIT {

    @RegisterExtension
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.withModuleArchive();

    static final ValidateTable FILTER = ValidateTable.transform("io.cdckit.smt.routing.OperationFilter")
            .wrong("include and exclude", Map.of(OperationFilter.OPS_INCLUDE, "c", OperationFilter.OPS_EXCLUDE, "d"),
                    OperationFilter.OPS_EXCLUDE, "cannot be set together with ops.include")
            .wrong("an unknown op", Map.of(OperationFilter.OPS_INCLUDE, "x"), OperationFilter.OPS_INCLUDE,
                    "must be one of")
            .wrong("an unknown op source", Map.of(OperationFilter.OP_SOURCE, "column:op"), OperationFilter.OP_SOURCE,
                    "must be auto, envelope");

    static final ValidateTable ROUTER = ValidateTable.transform("io.cdckit.smt.routing.OperationRouter")
            .wrong("an unknown placeholder", Map.of(OperationRouter.TOPIC_DELETE, "${topic}.${table}"),
                    OperationRouter.TOPIC_DELETE, "names the unknown placeholder ${table}")
            .wrong("an op placeholder for tombstones", Map.of(OperationRouter.TOPIC_TOMBSTONE, "${op}"),
                    OperationRouter.TOPIC_TOMBSTONE, "names the unknown placeholder ${op}")
            .wrong("a replacement naming a group the regex lacks", Map.of(OperationRouter.TOPIC_FORMAT,
                    "${topic:(.*):$2}"), OperationRouter.TOPIC_FORMAT, "the replacement is not valid")
            .wrong("a template syntax error", Map.of(OperationRouter.TOPIC_READ, "${topic"), OperationRouter.TOPIC_READ,
                    "is not a valid template")
            .wrong("a negative memory", Map.of(OperationRouter.TOMBSTONE_MEMORY_SIZE, "-1"),
                    OperationRouter.TOMBSTONE_MEMORY_SIZE, "at least 0");

    static final ValidateTable OUTBOX = ValidateTable.transform("io.cdckit.smt.routing.OutboxRouter")
            .wrong("a placement entry of one part", Map.of(OutboxRouter.ADDITIONAL_PLACEMENT, "type"),
                    OutboxRouter.ADDITIONAL_PLACEMENT, "must be column:placement")
            .wrong("an unknown placement", Map.of(OutboxRouter.ADDITIONAL_PLACEMENT, "type:body"),
                    OutboxRouter.ADDITIONAL_PLACEMENT, "header, envelope or partition")
            .wrong("an envelope field named as the payload", Map.of(OutboxRouter.ADDITIONAL_PLACEMENT,
                    "type:envelope:payload"), OutboxRouter.ADDITIONAL_PLACEMENT, "named twice")
            .wrong("a regex that does not compile", Map.of(OutboxRouter.ROUTE_TOPIC_REGEX, "("),
                    OutboxRouter.ROUTE_TOPIC_REGEX, "not a valid regular expression")
            .wrong("a replacement naming a group the default regex lacks", Map.of(OutboxRouter.ROUTE_TOPIC_REPLACEMENT,
                    "x.${nope}"), OutboxRouter.ROUTE_TOPIC_REPLACEMENT, "is not a replacement for route.topic.regex")
            .wrong("a replacement of the default group with another regex", Map.of(OutboxRouter.ROUTE_TOPIC_REGEX,
                    "(?<type>.*)"), OutboxRouter.ROUTE_TOPIC_REPLACEMENT, "No group with name {routedByValue}")
            .wrong("a blank routing column", Map.of(OutboxRouter.ROUTE_BY_FIELD, " "), OutboxRouter.ROUTE_BY_FIELD,
                    "non-empty");

    static final ValidateTable EXPRESSION_FILTER = expressionTable("io.cdckit.smt.routing.ExpressionFilter",
            ExpressionFilter.CONDITION);

    static final ValidateTable EXPRESSION_ROUTER = expressionTable("io.cdckit.smt.routing.ExpressionRouter",
            ExpressionRouter.TOPIC_EXPRESSION);

    /** The mistakes of an expression plugin whose expression is {@code key}. */
    static ValidateTable expressionTable(String plugin, String key) {
        return ValidateTable.transform(plugin)
                .base(Map.of(key, "value?.op == 'c'"))
                .wrong("a call the sandbox refuses", Map.of(key, "System.exit(0)"), key,
                        "the sandbox refuses it: Method calls not allowed on [java.lang.System]")
                .wrong("a file", Map.of(key, "new File('x').exists()"), key,
                        "java.io.File")
                .wrong("a syntax error", Map.of(key, "value.op =="), key, "is not a valid Groovy expression")
                .wrong("a misspelt variable", Map.of(key, "vaule.op == 'c'"), key, "the unknown variable 'vaule'")
                .wrong("another language", Map.of(ExpressionFilter.LANGUAGE, "jsr223.graal.js"),
                        ExpressionFilter.LANGUAGE, "must be jsr223.groovy or groovy")
                .wrong("no sandbox where the worker requires it", Map.of(ExpressionKeys.SANDBOX, "false"),
                        ExpressionKeys.SANDBOX, "this worker requires sandboxed expressions")
                .wrong("a regex that does not compile", Map.of(ExpressionFilter.TOPIC_REGEX, "("),
                        ExpressionFilter.TOPIC_REGEX, "not a valid regular expression")
                .wrong("a negative timeout", Map.of(ExpressionKeys.TIMEOUT, "-1"), ExpressionKeys.TIMEOUT, "at least 0");
    }

    static final ValidateTable COMPUTE_VALUE = computeTable("io.cdckit.smt.routing.ComputeField$Value");

    static final ValidateTable COMPUTE_KEY = computeTable("io.cdckit.smt.routing.ComputeField$Key");

    static ValidateTable computeTable(String plugin) {
        return ValidateTable.transform(plugin)
                .base(Map.of(ComputeField.FIELDS, "twice:int64:id * 2"))
                .wrong("an entry without a type", Map.of(ComputeField.FIELDS, "twice:id * 2"), ComputeField.FIELDS,
                        "is not name:type:expression")
                .wrong("an unknown type", Map.of(ComputeField.FIELDS, "twice:float32:id * 2"), ComputeField.FIELDS,
                        "'float32' is not a type")
                .wrong("an expression the sandbox refuses", Map.of(ComputeField.FIELDS, "x:string:'ls'.execute()"),
                        ComputeField.FIELDS, "has an expression for 'x' that the sandbox refuses calling 'execute()'")
                .wrong("a field computed twice", Map.of(ComputeField.FIELDS, "x:int32:1, x:int32:2"),
                        ComputeField.FIELDS, "computes the field 'x' twice")
                .wrong("no sandbox where the worker requires it", Map.of(ExpressionKeys.SANDBOX, "false"),
                        ExpressionKeys.SANDBOX, "this worker requires sandboxed expressions");
    }

    @Test
    void everyConfigMistakeShowsInValidateOnItsKey() {
        ValidateTable.assertEveryPluginCovered(CONNECT.runtime(), FILTER, ROUTER, OUTBOX, EXPRESSION_FILTER,
                EXPRESSION_ROUTER, COMPUTE_VALUE, COMPUTE_KEY);
        FILTER.assertAll(CONNECT.runtime());
        ROUTER.assertAll(CONNECT.runtime());
        OUTBOX.assertAll(CONNECT.runtime());
        // the worker runs in this JVM: its operator's setting is this property
        System.setProperty(ExpressionKeys.REQUIRED_PROPERTY, "true");
        try {
            EXPRESSION_FILTER.assertAll(CONNECT.runtime());
            EXPRESSION_ROUTER.assertAll(CONNECT.runtime());
            COMPUTE_VALUE.assertAll(CONNECT.runtime());
            COMPUTE_KEY.assertAll(CONNECT.runtime());
        } finally {
            System.clearProperty(ExpressionKeys.REQUIRED_PROPERTY);
        }
    }

    @Test
    void expressionsFromTheArchiveFilterAndRouteWithTheirFailuresInTheDeadLetterQueue() {
        List<SinkRecord> corpus = new ArrayList<>(Fixtures.records());
        Map<String, Long> expected = new TreeMap<>();
        for (SinkRecord r : corpus) {
            if (r.value() instanceof Struct v && !"r".equals(v.getString("op"))) {
                // every record goes through the run's one topic, "expressions"
                expected.merge(r.topic().endsWith("customers") ? "people." + v.getString("op") : "expressions", 1L,
                        Long::sum);
            }
        }
        // a heartbeat has no op: value.op fails on it, and it goes to the dead letter queue
        corpus.add(Envelopes.record("beats", Schema.STRING_SCHEMA, "pg", Envelopes.HEARTBEAT, Envelopes.heartbeat(1L), 0));
        SinkRun run = SinkRun.of(CONNECT.runtime(), "expressions", corpus, Map.of("transforms", "keep,route",
                "transforms.keep.type", "io.cdckit.smt.routing.ExpressionFilter",
                "transforms.keep.language", "jsr223.groovy",
                "transforms.keep.condition", "value.op != 'r'",
                "transforms.route.type", "io.cdckit.smt.routing.ExpressionRouter",
                "transforms.route.topic.expression", "value.source.table == 'customers' ? 'people.' + value.op : null",
                "transforms.route.null.handling.mode", "drop"), 1);
        Map<String, Long> topics = run.out().stream().collect(Collectors.groupingBy(r -> r.topic, TreeMap::new,
                Collectors.counting()));
        assertEquals(expected, topics, "no reads, no tombstones, customers by op");
        assertEquals(1, run.deadLetters().size(), "the heartbeat");
        assertTrue(topics.containsKey("people.d"), topics.toString());
    }

    @Test
    void computedFieldsOnBothImagesAndThePredicateUnderKafkasFilter() {
        List<SinkRecord> customers = Fixtures.records("shop.customers");
        SinkRun run = SinkRun.of(CONNECT.runtime(), "computed", customers, Map.of("transforms", "vip,drop",
                "transforms.vip.type", "io.cdckit.smt.routing.ComputeField$Value",
                "transforms.vip.fields", "is_vip:boolean:tier >= 3, domain:string:email.substring(email.indexOf('@') + 1)",
                "transforms.drop.type", "org.apache.kafka.connect.transforms.Filter",
                "transforms.drop.predicate", "reads",
                "predicates", "reads",
                "predicates.reads.type", "io.cdckit.smt.routing.predicates.ExpressionMatches",
                "predicates.reads.expression", "value == null || op == 'r'"), 0);
        long kept = customers.stream().filter(r -> r.value() instanceof Struct v && !"r".equals(v.getString("op")))
                .count();
        assertEquals(kept, run.out().size(), "no reads, no tombstone");
        for (var out : run.out()) {
            Struct v = (Struct) out.value;
            Struct image = v.getStruct("after") != null ? v.getStruct("after") : v.getStruct("before");
            assertEquals(((Number) image.get("tier")).intValue() >= 3, image.get("is_vip"));
            assertEquals("example.com", image.get("domain"));
        }
    }

    @Test
    void theRouterSplitsByOperationWithTombstonesBesideTheirDeletesAndLosesNothing() {
        List<SinkRecord> records = new ArrayList<>(Fixtures.records());
        records.add(Envelopes.record("beats", Schema.STRING_SCHEMA, "pg", Envelopes.HEARTBEAT, Envelopes.heartbeat(1L), 0));
        records.add(Envelopes.record("beats", Schema.STRING_SCHEMA, "pg", Envelopes.HEARTBEAT, Envelopes.heartbeat(2L), 1));
        Map<String, Long> expected = new TreeMap<>();
        String lastDeleted = null;
        for (SinkRecord r : Fixtures.records()) {
            if (r.value() == null) {
                expected.merge(lastDeleted, 1L, Long::sum); // where the router's memory of its delete sends it
                continue;
            }
            Struct v = (Struct) r.value();
            Operation op = Operation.fromCode(v.getString("op"));
            String topic = op == Operation.DELETE ? "deleted." + v.getStruct("source").getString("table")
                    : "routed." + op.label();
            expected.merge(topic, 1L, Long::sum);
            lastDeleted = op == Operation.DELETE ? topic : lastDeleted;
        }
        // a record with no op renders an empty topic here: a data error, sent to the dead letter queue
        SinkRun run = SinkRun.of(CONNECT.runtime(), "routed", records, Map.of("transforms", "route",
                "transforms.route.type", "io.cdckit.smt.routing.OperationRouter",
                "transforms.route.topic.format", "${topic}.${operation}",
                "transforms.route.topic.delete", "deleted.${source.table}",
                "transforms.route.topic.tombstone", "orphans",
                "transforms.route.topic.other", "${topic:.*:}"), 2);
        Map<String, Long> topics = run.out().stream().collect(Collectors.groupingBy(r -> r.topic, TreeMap::new,
                Collectors.counting()));
        assertEquals(expected, topics, "tombstones counted with the deletes they follow");
        assertEquals(2, run.deadLetters().size());
        assertEquals(records.size(), run.out().size() + run.deadLetters().size());
        if (WorkerMetrics.pluginMetricsSupported()) {
            WorkerMetrics.PluginMBean route = run.transform("route");
            assertEquals(records.size(), route.number(CdcTransform.RECORDS_IN));
            assertEquals(2, route.number(CdcTransform.RECORDS_FAILED), "the heartbeats");
            assertEquals(run.out().size(), route.number(CdcTransform.RECORDS_OUT));
        }
    }

    @Test
    void theOutboxRouterRoutesInsertsAndDropsTheRest() {
        OutboxEvents t = OutboxEvents.STRICT;
        List<SinkRecord> events = new java.util.ArrayList<>();
        events.add(OutboxEvents.sink(t.insert(1, "Order", "o-1", "{\"id\":1,\"lines\":[{\"sku\":\"a\"}]}"), 0));
        events.add(OutboxEvents.sink(t.insert(2, "Customer", "c-2", "{\"name\":\"Ann\"}"), 1));
        events.add(OutboxEvents.sink(t.source(t.event("u", t.row(3, "Order", "o-3", "{}"), 3), 3), 2));
        events.add(OutboxEvents.sink(t.source(t.event("d", t.row(4, "Order", "o-4", "{}"), 4), 4), 3));
        events.add(OutboxEvents.sink(t.tombstone(4), 4));
        SinkRun run = SinkRun.of(CONNECT.runtime(), "outbox", events, Map.of("transforms", "o",
                "transforms.o.type", "io.cdckit.smt.routing.OutboxRouter",
                "transforms.o.table.expand.json.payload", "true",
                "transforms.o.table.fields.additional.placement", "type:header:eventType"), 0);
        assertEquals(2, run.out().size(), "the update, the delete and the tombstone dropped");
        assertEquals(List.of("outbox.event.Order", "outbox.event.Customer"),
                run.out().stream().map(r -> r.topic).toList());
        assertEquals(List.of("o-1", "c-2"), run.out().stream().map(r -> r.key).toList());
        Struct order = (Struct) run.out().get(0).value;
        assertEquals("a", ((Struct) order.getArray("lines").get(0)).get("sku"));
        assertEquals("OrderCreated", run.out().get(0).header("eventType"));
        assertEquals(((Struct) events.get(0).value()).getStruct("after").get("id"), run.out().get(0).header("id"));
    }

    @Test
    void theFilterAndThePredicateDropTheSnapshotReadsAndNothingElse() {
        List<SinkRecord> corpus = Fixtures.records();
        long reads = corpus.stream().filter(r -> r.value() instanceof Struct v && v.schema().field("op") != null
                && "r".equals(v.getString("op"))).count();
        SinkRun filtered = SinkRun.of(CONNECT.runtime(), "no-reads", corpus, Map.of("transforms", "f",
                "transforms.f.type", "io.cdckit.smt.routing.OperationFilter",
                "transforms.f.ops.exclude", "r"), 0);
        assertEquals(corpus.size() - reads, filtered.out().size());
        SinkRun predicated = SinkRun.of(CONNECT.runtime(), "no-reads-2", corpus, Map.of("transforms", "drop",
                "transforms.drop.type", "org.apache.kafka.connect.transforms.Filter",
                "transforms.drop.predicate", "isRead",
                "predicates", "isRead",
                "predicates.isRead.type", "io.cdckit.smt.routing.predicates.OperationIs",
                "predicates.isRead.ops", "r"), 0);
        assertEquals(corpus.size() - reads, predicated.out().size());
    }
}
