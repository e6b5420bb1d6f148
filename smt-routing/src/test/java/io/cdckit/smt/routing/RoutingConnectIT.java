package io.cdckit.smt.routing;

import io.cdckit.testkit.ValidateTable;
import io.cdckit.testkit.connect.SinkRun;
import io.cdckit.testkit.fixtures.Fixtures;
import io.cdckit.testkit.junit.ConnectRuntimeExtension;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code OperationFilter} and the {@code OperationIs} predicate loaded from the module's plugin
 * archive into a real Connect worker: every configuration mistake through validate, and the
 * recorded corpus in the sink path, the snapshot's reads dropped by each of them (the predicate
 * under Kafka's own {@code Filter}), counted.
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

    @Test
    void everyConfigMistakeShowsInValidateOnItsKey() {
        ValidateTable.assertEveryPluginCovered(CONNECT.runtime(), FILTER);
        FILTER.assertAll(CONNECT.runtime());
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
