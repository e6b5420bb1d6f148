package io.cdckit.bench;

import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * {@link ExpressionBenchmark}'s part of the {@link ParityCheck}: on every event it measures, in
 * every {@link ExpressionScenario}, cdckit's transform and Debezium's with the same Groovy text give
 * identical records ({@link ParityCheck#difference}: dropped or not, topic, and the rest); for a
 * filter the Java floor keeps exactly the same records, and the condition both keeps and drops some
 * (so that neither outcome is left unmeasured); the router moves every event to another topic.
 */
final class ExpressionCheck {

    private ExpressionCheck() {
    }

    static void check(Corpus corpus) {
        StringBuilder outcomes = new StringBuilder();
        for (ExpressionScenario s : ExpressionScenario.values()) {
            Transformation<SinkRecord> ours = ExpressionImpl.CDCKIT.create(s);
            Transformation<SinkRecord> theirs = ExpressionImpl.DEBEZIUM.create(s);
            Transformation<SinkRecord> floor = s.filter ? ExpressionImpl.JAVA.create(s) : null;
            int passed = 0;
            for (SinkRecord r : corpus.events) {
                SinkRecord expected = theirs.apply(Corpus.copy(r));
                SinkRecord actual = ours.apply(Corpus.copy(r));
                String where = "expression scenario " + s.label + ", " + r.topic() + " offset " + r.kafkaOffset();
                String diff = ParityCheck.difference(expected, actual);
                if (diff != null) {
                    throw new AssertionError(where + ": outputs differ in " + diff + " (Debezium " + topic(expected)
                            + ", cdckit " + topic(actual) + ")");
                }
                if (floor != null && (floor.apply(Corpus.copy(r)) == null) != (actual == null)) {
                    throw new AssertionError(where + ": the Java test " + (actual == null ? "keeps" : "drops")
                            + " the record, the condition does not");
                }
                if (!s.filter && (actual == null || r.topic().equals(actual.topic()))) {
                    throw new AssertionError(where + ": the record was not moved, topic " + topic(actual));
                }
                passed += actual == null ? 0 : 1;
            }
            ours.close();
            theirs.close();
            if (s.filter && (passed == 0 || passed == corpus.events.size())) {
                throw new AssertionError("expression scenario " + s.label + ": the condition "
                        + (passed == 0 ? "drops" : "keeps") + " every event");
            }
            outcomes.append(outcomes.length() == 0 ? "" : ", ").append(s.label).append(' ').append(passed)
                    .append(s.filter ? " kept" : " moved");
        }
        System.out.printf("parity: ExpressionFilter and ExpressionRouter output identical to Debezium's Filter and "
                + "ContentBasedRouter with the same Groovy text, and the filters' decisions to the Java floor's, on "
                + "the %d events x %d scenarios (%s)%n", corpus.events.size(), ExpressionScenario.values().length,
                outcomes);
    }

    private static String topic(SinkRecord r) {
        return r == null ? "dropped" : r.topic();
    }
}
