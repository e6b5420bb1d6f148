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
 * {@code OperationFilter}, the {@code OperationIs} predicate and {@code OutboxRouter} loaded from the
 * module's plugin archive into a real Connect worker: every configuration mistake through validate;
 * the recorded corpus in the sink path, the snapshot's reads dropped by each of the first two (the
 * predicate under Kafka's own {@code Filter}), counted; and outbox events routed, their JSON payloads
 * expanded (with the Jackson the archive bundles).
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

    @Test
    void everyConfigMistakeShowsInValidateOnItsKey() {
        ValidateTable.assertEveryPluginCovered(CONNECT.runtime(), FILTER, OUTBOX);
        FILTER.assertAll(CONNECT.runtime());
        OUTBOX.assertAll(CONNECT.runtime());
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
