package io.cdckit.smt.masking.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The matches of one scan, in the order the detectors report them. A scan makes its {@code Hits}
 * at its first match ({@link #add(Hits, int, int, Detector)}), so a text without any allocates
 * nothing. Each detector reports its own matches in order and without overlaps; across detectors,
 * {@link #resolved()} applies the overlap rule.
 */
final class Hits {

    /** By start, the longer first. */
    private static final Comparator<Match> BY_START =
            Comparator.comparingInt(Match::start).thenComparingInt(m -> -m.end());

    /** The preference among overlapping matches: longer, then earlier, then the stronger check. */
    static final Comparator<Match> PREFERENCE = Comparator.comparingInt((Match m) -> -m.length())
            .thenComparingInt(Match::start)
            .thenComparingInt(m -> -m.detector().tiePriority());

    private final ArrayList<Match> matches = new ArrayList<>(4);
    private int lastStart = -1;
    private boolean unordered;

    private Hits() {
    }

    /** Adds a match to {@code hits}, made on the first match; returns the hits. */
    static Hits add(Hits hits, int start, int end, Detector detector) {
        Hits h = hits == null ? new Hits() : hits;
        h.add(start, end, detector);
        return h;
    }

    private void add(int start, int end, Detector detector) {
        if (start < lastStart) {
            unordered = true;
        }
        lastStart = start;
        matches.add(new Match(start, end, detector));
    }

    /**
     * The matches sorted by start, without overlaps: of two overlapping matches the longer stays,
     * then the earlier, then the one of the stronger detector ({@link Detector#tiePriority()}).
     * Each match is weighed against those already kept, longest first, so a match survives exactly
     * when no preferred match overlaps it that survived itself.
     */
    List<Match> resolved() {
        ArrayList<Match> all = matches;
        if (unordered) {
            all.sort(BY_START);
        }
        int n = all.size();
        int maxEnd = -1;
        boolean overlaps = false;
        for (int i = 0; i < n; i++) {
            Match m = all.get(i);
            if (m.start() < maxEnd) {
                overlaps = true;
                break;
            }
            maxEnd = m.end();
        }
        if (!overlaps) {
            return all;
        }
        ArrayList<Match> kept = new ArrayList<>(n);
        int i = 0;
        while (i < n) {
            int clusterEnd = all.get(i).end();
            int j = i + 1;
            while (j < n && all.get(j).start() < clusterEnd) {
                clusterEnd = Math.max(clusterEnd, all.get(j).end());
                j++;
            }
            if (j == i + 1) {
                kept.add(all.get(i));
            } else {
                keepPreferred(all.subList(i, j), kept);
            }
            i = j;
        }
        return kept;
    }

    /** Of a run of matches that overlap one another in a chain, keeps the preferred ones. */
    private static void keepPreferred(List<Match> cluster, List<Match> kept) {
        Match[] byPreference = cluster.toArray(new Match[0]);
        Arrays.sort(byPreference, PREFERENCE);
        TreeMap<Integer, Match> chosen = new TreeMap<>();
        for (Match m : byPreference) {
            Map.Entry<Integer, Match> before = chosen.floorEntry(m.start());
            if (before != null && before.getValue().end() > m.start()) {
                continue;
            }
            Map.Entry<Integer, Match> after = chosen.higherEntry(m.start());
            if (after != null && after.getKey() < m.end()) {
                continue;
            }
            chosen.put(m.start(), m);
        }
        kept.addAll(chosen.values());
    }
}
