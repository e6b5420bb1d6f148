package io.cdckit.core.metrics;

import java.util.Arrays;

/**
 * The distribution of a duration (or any non-negative amount) over its latest samples: what a
 * plugin reports as percentile gauges ({@link PluginStats#histogram}), e.g. how long a lookup's
 * loads take. It keeps the last {@value #WINDOW} samples in a ring, so the percentiles describe
 * recent behaviour rather than the whole life of the task.
 *
 * <p>Meant for events that cost far more than the bookkeeping (a database query, an HTTP call):
 * {@link #record} takes a lock. Thread-safe.
 */
public final class Histogram {

    /** How many of the latest samples the percentiles are computed from. */
    public static final int WINDOW = 2048;

    private final long[] ring = new long[WINDOW];
    private long count;

    /** Records one sample; a negative one (a clock step) counts as 0. */
    public synchronized void record(long sample) {
        ring[(int) (count % WINDOW)] = Math.max(0, sample);
        count++;
    }

    /** How many samples were recorded in all. */
    public synchronized long count() {
        return count;
    }

    /**
     * The value below which {@code fraction} of the window's samples lie (nearest rank), 0 when
     * nothing was recorded.
     *
     * @param fraction in [0, 1], e.g. 0.99
     */
    public long percentile(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in [0, 1]");
        }
        long[] samples = snapshot();
        if (samples.length == 0) {
            return 0;
        }
        Arrays.sort(samples);
        int rank = (int) Math.ceil(fraction * samples.length);
        return samples[Math.max(0, rank - 1)];
    }

    /** The largest sample in the window, 0 when nothing was recorded. */
    public long max() {
        long max = 0;
        for (long s : snapshot()) {
            max = Math.max(max, s);
        }
        return max;
    }

    private synchronized long[] snapshot() {
        return Arrays.copyOf(ring, (int) Math.min(count, WINDOW));
    }
}
