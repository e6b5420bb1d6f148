package io.cdckit.bench;

import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * {@link RoutingBenchmark}'s part of the {@link ParityCheck}: on every event it measures, in every
 * {@link RoutingScenario}, OperationRouter and Debezium's ContentBasedRouter with the scenario's
 * Groovy expression give identical records ({@link ParityCheck#difference}), and the scenario moves
 * the records it is meant to (the deletes, or every event) and no other, so that both do the routing
 * work on them.
 */
final class RoutingCheck {

    private RoutingCheck() {
    }

    static void check(Corpus corpus) {
        StringBuilder moved = new StringBuilder();
        for (RoutingScenario s : RoutingScenario.values()) {
            Transformation<SinkRecord> ours = RoutingImpl.CDCKIT.create(s);
            Transformation<SinkRecord> theirs = RoutingImpl.DEBEZIUM.create(s);
            int rerouted = 0;
            for (SinkRecord r : corpus.events) {
                SinkRecord expected = theirs.apply(Corpus.copy(r));
                SinkRecord actual = ours.apply(Corpus.copy(r));
                String where = "routing scenario " + s.label + ", " + r.topic() + " offset " + r.kafkaOffset();
                String diff = ParityCheck.difference(expected, actual);
                if (diff != null) {
                    throw new AssertionError(where + ": outputs differ in " + diff + " (Debezium " + topic(expected)
                            + ", cdckit " + topic(actual) + ")");
                }
                boolean wanted = s != RoutingScenario.DELETES || "d".equals(Corpus.opOf(r));
                if (wanted == r.topic().equals(actual.topic())) {
                    throw new AssertionError(where + ": the record was " + (wanted ? "not " : "") + "moved, topic "
                            + actual.topic());
                }
                rerouted += wanted ? 1 : 0;
            }
            ours.close();
            theirs.close();
            moved.append(moved.length() == 0 ? "" : ", ").append(s.label).append(' ').append(rerouted);
        }
        System.out.printf("parity: OperationRouter output identical to ContentBasedRouter's Groovy expression on the "
                + "%d events x %d scenarios (records moved to another topic: %s)%n", corpus.events.size(),
                RoutingScenario.values().length, moved);
    }

    private static String topic(SinkRecord r) {
        return r == null ? "dropped" : r.topic();
    }
}
