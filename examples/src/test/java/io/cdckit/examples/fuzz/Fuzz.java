package io.cdckit.examples.fuzz;

/** Settings of the fuzz tests. */
final class Fuzz {

    /** -Dcdckit.fuzz.keepGoing=true: collect failures over every try and report them at the end. */
    static final boolean KEEP_GOING = Boolean.getBoolean("cdckit.fuzz.keepGoing");

    /** Records each plugin must see. */
    static final long MIN_RECORDS = 100_000;

    /** Records per try, and tries per property: 100,000 records. */
    static final int BATCH = 250;
    static final int TRIES = 400;

    private Fuzz() {
    }

    /** After a try: its failures fail it (unless keeping going). */
    static void check(Outcomes.Plugin p) {
        if (!KEEP_GOING) {
            p.assertNoFailures();
        }
    }
}
