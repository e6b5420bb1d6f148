package io.cdckit.smt.routing;

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

/**
 * {@code OperationFilter}, {@code OperationRouter} and the {@code OperationIs} predicate loaded from
 * the module's plugin archive into a real Connect worker: every configuration mistake through
 * validate, and the recorded corpus in the sink path: the snapshot's reads dropped by the filter and
 * by the predicate (under Kafka's own {@code Filter}), and every operation routed to a topic of its
 * own, with the records that fail in the dead letter queue, counted.
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

    @Test
    void everyConfigMistakeShowsInValidateOnItsKey() {
        ValidateTable.assertEveryPluginCovered(CONNECT.runtime(), FILTER, ROUTER);
        FILTER.assertAll(CONNECT.runtime());
        ROUTER.assertAll(CONNECT.runtime());
    }

    @Test
    void theRouterSplitsByOperationWithTombstonesBesideTheirDeletesAndLosesNothing() {
        List<SinkRecord> records = new ArrayList<>(Fixtures.records());
        records.add(Envelopes.record("beats", Schema.STRING_SCHEMA, "pg", Envelopes.HEARTBEAT, Envelopes.heartbeat(1L), 0));
        records.add(Envelopes.record("beats", Schema.STRING_SCHEMA, "pg", Envelopes.HEARTBEAT, Envelopes.heartbeat(2L), 1));
        Map<String, Long> expected = new TreeMap<>();
        for (SinkRecord r : Fixtures.records()) {
            String op = r.value() == null ? "d" : ((Struct) r.value()).getString("op");
            expected.merge("routed." + Operation.fromCode(op).label(), 1L, Long::sum);
        }
        // a record with no op renders an empty topic here: a data error, sent to the dead letter queue
        SinkRun run = SinkRun.of(CONNECT.runtime(), "routed", records, Map.of("transforms", "route",
                "transforms.route.type", "io.cdckit.smt.routing.OperationRouter",
                "transforms.route.topic.format", "${topic}.${operation}",
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
