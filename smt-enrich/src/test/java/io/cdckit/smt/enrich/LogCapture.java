package io.cdckit.smt.enrich;

import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.apache.log4j.spi.ThrowableInformation;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every log line of every thread at INFO and above while it is open (the root logger is lowered to
 * INFO meanwhile), each as {@code LEVEL message} followed by any exception's trace, for tests that
 * check what is logged and that no secret or value ever is.
 */
final class LogCapture extends AppenderSkeleton implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Level before;

    private LogCapture() {
        Logger root = Logger.getRootLogger();
        before = root.getLevel();
        root.setLevel(Level.INFO);
        root.addAppender(this);
    }

    static LogCapture start() {
        return new LogCapture();
    }

    @Override
    protected void append(LoggingEvent event) {
        StringBuilder b = new StringBuilder(event.getLevel().toString()).append(' ').append(event.getRenderedMessage());
        ThrowableInformation thrown = event.getThrowableInformation();
        if (thrown != null) {
            for (String line : thrown.getThrowableStrRep()) {
                b.append('\n').append(line);
            }
        }
        lines.add(b.toString());
    }

    /** The lines so far. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** The WARN lines so far. */
    List<String> warnings() {
        return lines.stream().filter(l -> l.startsWith("WARN ")).toList();
    }

    @Override
    public void close() {
        Logger root = Logger.getRootLogger();
        root.removeAppender(this);
        root.setLevel(before);
    }

    @Override
    public boolean requiresLayout() {
        return false;
    }
}
