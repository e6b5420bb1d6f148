package io.cdckit.core.path;

/** Name patterns of field paths: globs in which only {@code *} is special (see {@link FieldPath}). */
final class Globs {

    private Globs() {
    }

    /** Glob match where only {@code *} is special; linear backtracking, no allocation. */
    static boolean matches(String pattern, String s) {
        int p = 0;
        int i = 0;
        int star = -1;
        int mark = 0;
        int pn = pattern.length();
        int sn = s.length();
        while (i < sn) {
            if (p < pn && pattern.charAt(p) == '*') {
                star = p++;
                mark = i;
            } else if (p < pn && pattern.charAt(p) == s.charAt(i)) {
                p++;
                i++;
            } else if (star >= 0) {
                p = star + 1;
                i = ++mark;
            } else {
                return false;
            }
        }
        while (p < pn && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pn;
    }

    /** @return true if some string matches both globs; a search over pairs of pattern positions */
    /** @return true if some string matches both globs */
    static boolean intersect(String a, String b) {
        return intersect(a, b, 0, 0, new boolean[(a.length() + 1) * (b.length() + 1)]);
    }

    private static boolean intersect(String a, String b, int i, int j, boolean[] seen) {
        int slot = i * (b.length() + 1) + j;
        if (seen[slot]) {
            return false;
        }
        seen[slot] = true;
        boolean aEnd = i == a.length();
        boolean bEnd = j == b.length();
        if (aEnd && bEnd) {
            return true;
        }
        boolean aStar = !aEnd && a.charAt(i) == '*';
        boolean bStar = !bEnd && b.charAt(j) == '*';
        if (aStar && intersect(a, b, i + 1, j, seen)) {
            return true;
        }
        if (bStar && intersect(a, b, i, j + 1, seen)) {
            return true;
        }
        if (aEnd || bEnd) {
            return false;
        }
        if (aStar && !bStar) {
            return intersect(a, b, i, j + 1, seen);
        }
        if (bStar && !aStar) {
            return intersect(a, b, i + 1, j, seen);
        }
        return !aStar && a.charAt(i) == b.charAt(j) && intersect(a, b, i + 1, j + 1, seen);
    }
}
