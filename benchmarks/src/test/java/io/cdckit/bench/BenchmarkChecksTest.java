package io.cdckit.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

/**
 * What {@code benchmarks/run.sh} checks before it measures, in the test suite too, so that the
 * README's claims about the peers stay true between benchmark runs: cdckit's output identical to
 * each peer's on every benchmarked record ({@link ParityCheck}, which throws on the first
 * difference), and the table of what Kafka's {@code TimestampConverter} gets wrong
 * ({@link TimestampPitfalls}, which throws when Kafka gets a case right or cdckit one wrong).
 */
class BenchmarkChecksTest {

    @Test
    void cdckitAndEachPeerGiveTheSameOutputOnTheBenchmarkedRecords() {
        assertDoesNotThrow(() -> ParityCheck.main(new String[0]));
    }

    @Test
    void kafkasTimestampConverterStillGetsTheReadmeCasesWrong() {
        assertDoesNotThrow(() -> TimestampPitfalls.main(new String[0]));
    }
}
