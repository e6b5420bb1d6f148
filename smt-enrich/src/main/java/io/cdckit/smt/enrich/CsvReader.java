package io.cdckit.smt.enrich;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV text as RFC 4180 has it: cells separated by commas, records by line breaks (LF or
 * CRLF), quoted cells with doubled quotes inside and commas and line breaks kept. Mistakes name
 * the line they are on, never its content.
 */
final class CsvReader {

    private final String text;
    private int pos;
    private int line = 1;
    private int recordLine;

    CsvReader(String text) {
        this.text = text;
    }

    /** The line the last record started on. */
    int recordLine() {
        return recordLine;
    }

    /** The next record's cells, or null at the end. */
    List<String> next() {
        if (pos >= text.length()) {
            return null;
        }
        recordLine = line;
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (quoted) {
                if (c == '"') {
                    if (pos < text.length() && text.charAt(pos) == '"') {
                        cell.append('"');
                        pos++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    cell.append(c);
                }
            } else if (c == '"' && cell.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                wasQuoted = false;
            } else if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                continue;
            } else if (c == '\n') {
                line++;
                cells.add(cell.toString());
                return cells;
            } else if (wasQuoted) {
                throw new IllegalArgumentException("line " + line + ": has text after a quoted cell");
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("line " + recordLine + ": has a quote that is never closed");
        }
        cells.add(cell.toString());
        return cells;
    }
}
