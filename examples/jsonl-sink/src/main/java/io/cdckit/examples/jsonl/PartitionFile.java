package io.cdckit.examples.jsonl;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The file of one topic partition, {@code <topic>-<partition>.jsonl}, and its batch in progress,
 * {@code <topic>-<partition>.jsonl.next}.
 *
 * <p>Lines are appended to {@code .next}. {@link #commit} fsyncs it and makes it part of the
 * committed file in one atomic step: the first batch is renamed into place; later ones are written,
 * after a copy of the committed file, into {@code .jsonl.tmp}, which is fsynced and renamed over the
 * committed file (and the folder fsynced). So the committed file only ever grows by whole, fsynced
 * batches, whatever moment the worker dies at. The copy costs a read of the committed file per commit:
 * the price of an atomic commit on a plain file system, fine for an example, not for very large files.
 *
 * <p>Each line starts with its Kafka offset, {@code {"offset":N,...}}, so {@link #open} reads the
 * last committed offset back from the file's last line: records up to it are never written again.
 * Not thread-safe (a sink task is single-threaded).
 */
final class PartitionFile {

    static final String SUFFIX = ".jsonl";
    static final String NEXT = ".next";
    static final String TMP = ".tmp";
    private static final byte[] OFFSET_PREFIX = "{\"offset\":".getBytes(StandardCharsets.US_ASCII);

    private final TopicPartition tp;
    private final Path dir;
    private final Path committed;
    private final Path next;
    private final Path tmp;
    /** The last offset in the committed file, -1 if none. */
    private long committedOffset;
    /** The next offset this file wants: every record before it is committed, pending, or was dropped. */
    private long position;
    /** The position as of the last commit (or open): where a discard goes back to. */
    private long committedPosition;
    /** The offset of the last line appended to the pending batch. */
    private long lastAppended;
    private FileChannel channel;
    private OutputStream out;

    private PartitionFile(TopicPartition tp, Path dir) {
        this.tp = tp;
        this.dir = dir;
        String base = tp.topic() + "-" + tp.partition() + SUFFIX;
        this.committed = dir.resolve(base);
        this.next = dir.resolve(base + NEXT);
        this.tmp = dir.resolve(base + TMP);
    }

    /**
     * Opens the partition's file: a batch that was never committed ({@code .next}, {@code .tmp}) is
     * thrown away (its records come again from Kafka), and the committed file's last offset is read.
     */
    static PartitionFile open(Path dir, TopicPartition tp) {
        PartitionFile f = new PartitionFile(tp, dir);
        try {
            Files.deleteIfExists(f.next);
            Files.deleteIfExists(f.tmp);
            f.committedOffset = Files.exists(f.committed) ? lastOffset(f.committed) : -1;
        } catch (IOException e) {
            throw f.failed("open", e);
        }
        f.position = f.committedOffset + 1;
        f.committedPosition = f.position;
        return f;
    }

    /** The offset of the last line of a committed file, -1 for an empty file. */
    static long lastOffset(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                return -1;
            }
            // the file ends with '\n': find the newline before the last line, reading back in blocks
            long end = size - 1;
            long start = end;
            ByteBuffer one = ByteBuffer.allocate(8192);
            long lineStart = 0;
            search:
            while (start > 0) {
                long from = Math.max(0, start - one.capacity());
                one.clear().limit((int) (start - from));
                ch.read(one, from);
                for (int i = one.position() - 1; i >= 0; i--) {
                    if (one.get(i) == '\n') {
                        lineStart = from + i + 1;
                        break search;
                    }
                }
                start = from;
            }
            ByteBuffer head = ByteBuffer.allocate(40);
            ch.read(head, lineStart);
            return parseOffset(head.array(), head.position(), file);
        }
    }

    private static long parseOffset(byte[] b, int n, Path file) {
        int i = OFFSET_PREFIX.length;
        for (int k = 0; k < i; k++) {
            if (k >= n || b[k] != OFFSET_PREFIX[k]) {
                throw new ConnectException("the last line of " + file.getFileName() + " does not start with its offset");
            }
        }
        long v = 0;
        int digits = 0;
        for (; i < n && b[i] >= '0' && b[i] <= '9'; i++, digits++) {
            v = v * 10 + (b[i] - '0');
        }
        if (digits == 0) {
            throw new ConnectException("the last line of " + file.getFileName() + " does not start with its offset");
        }
        return v;
    }

    /** The next offset wanted: a record before it is already in the file (or was dropped). */
    long position() {
        return position;
    }

    /** The last offset in the committed file, -1 if none. */
    long committedOffset() {
        return committedOffset;
    }

    /** Whether the record at {@code offset} is already in this file, pending, or was dropped. */
    boolean seen(long offset) {
        return offset < position;
    }

    /** Appends one line (no newline: added here) for the record at {@code offset} to the pending batch. */
    void append(long offset, byte[] line) {
        try {
            if (out == null) {
                channel = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
                out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
            }
            out.write(line);
            out.write('\n');
        } catch (IOException e) {
            throw failed("write", e);
        }
        lastAppended = offset;
        position = offset + 1;
    }

    /** The record at {@code offset} writes no line (its transforms dropped it). */
    void skip(long offset) {
        position = offset + 1;
        if (out == null) {
            committedPosition = position; // nothing pending: the skip is as good as committed
        }
    }

    /**
     * Commits the pending batch (see the class comment).
     *
     * @return the offset to commit to Kafka for this partition: every record before it is in the
     *         committed file or was dropped
     */
    long commit() {
        if (out != null) {
            try {
                out.flush();
                channel.force(true);
                out.close();
                out = null;
                channel = null;
                if (!Files.exists(committed)) {
                    Files.move(next, committed, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    try (FileChannel t = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING)) {
                        appendFile(t, committed);
                        appendFile(t, next);
                        t.force(true);
                    }
                    Files.move(tmp, committed, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    Files.delete(next);
                }
                syncFolder();
            } catch (IOException e) {
                throw failed("commit", e);
            }
            committedOffset = lastAppended;
        }
        committedPosition = position;
        return committedPosition;
    }

    private static void appendFile(FileChannel to, Path from) throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ)) {
            long size = in.size();
            for (long done = 0; done < size; ) {
                done += in.transferTo(done, size - done, to);
            }
        }
    }

    private void syncFolder() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some file systems cannot open a folder for sync; the renames are still atomic there
        }
    }

    /** Throws the pending batch away (partition revoked, task stopped): its records come again from Kafka. */
    void discard() {
        try {
            if (out != null) {
                out.close();
                out = null;
                channel = null;
            }
            Files.deleteIfExists(next);
        } catch (IOException e) {
            throw failed("discard", e);
        }
        position = committedPosition;
    }

    private ConnectException failed(String what, IOException e) {
        // the file name holds only the topic and partition; the exception says what went wrong, not what was written
        return new ConnectException("JsonLinesSink: cannot " + what + " the file of " + tp + ": "
                + e.getClass().getSimpleName(), e);
    }
}
