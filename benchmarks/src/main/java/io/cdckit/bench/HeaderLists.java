package io.cdckit.bench;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;

import java.lang.reflect.Field;
import java.util.LinkedList;
import java.util.List;

/**
 * Allocation-free truncation of {@code ConnectHeaders}, through its backing list: for the rings of
 * benchmarks whose peer appends headers to its input record ({@link Ring#trackHeaders}).
 */
final class HeaderLists {

    private HeaderLists() {
    }

    /**
     * The backing list of each record's headers (created, empty, where a record has none), or null
     * if {@code ConnectHeaders} does not have the expected private list (then truncation falls
     * back to {@code Headers.remove}, which allocates an iterator per call).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static LinkedList<Header>[] of(ConnectRecord<?>[] records) {
        Field f;
        try {
            f = ConnectHeaders.class.getDeclaredField("headers");
            if (f.getType() != LinkedList.class) {
                return null;
            }
            f.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
        LinkedList<Header>[] out = new LinkedList[records.length];
        for (int i = 0; i < records.length; i++) {
            ConnectHeaders h = (ConnectHeaders) records[i].headers();
            if (h.isEmpty()) {
                h.addString("bench.placeholder", "x");
                h.clear(); // keeps an empty list, so that later additions go to this list
            }
            try {
                out[i] = (LinkedList<Header>) f.get(h);
            } catch (IllegalAccessException e) {
                return null;
            }
            if (out[i] == null) {
                return null;
            }
        }
        return out;
    }

    /**
     * Truncates {@code r}'s headers to {@code size}: through {@code list} (its backing list), or
     * without one by removing the headers named {@code added}.
     */
    static void truncate(ConnectRecord<?> r, LinkedList<Header> list, int size, List<String> added) {
        if (list != null) {
            while (list.size() > size) {
                list.removeLast();
            }
        } else {
            for (String name : added) {
                r.headers().remove(name);
            }
        }
    }
}
