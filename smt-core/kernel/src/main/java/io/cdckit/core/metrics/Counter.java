package io.cdckit.core.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A count made on the record path: about a nanosecond to increment, since it is no atomic
 * read-modify-write (no CAS, no lock), and readable from any thread (the metrics reporter's).
 *
 * <p>Exact when one thread counts, which is how Connect runs a plugin instance (one per task). If
 * several threads share one instance, increments that race can be lost: the count is then a
 * lower bound. Never torn: reads and writes are opaque, so a reader sees a value some thread wrote.
 */
public final class Counter {

    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(Counter.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through COUNT
    private long count;

    public void increment() {
        COUNT.setOpaque(this, (long) COUNT.getOpaque(this) + 1);
    }

    public void add(long n) {
        COUNT.setOpaque(this, (long) COUNT.getOpaque(this) + n);
    }

    public long get() {
        return (long) COUNT.getOpaque(this);
    }
}
