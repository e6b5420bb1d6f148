package io.cdckit.smt.enrich;

import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.ConfigValue;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.smt.enrich.LookupConfig.OnMultiple;
import io.cdckit.smt.enrich.LookupConfig.SourceKind;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@code file} source: a CSV file with a header line, or JSON lines (one object per line),
 * held whole in memory and matched by the canonical text of the key ({@link KeyText}), so an int32
 * key field finds the row whose key cell is {@code 7}. Columns are strings unless
 * {@code file.columns} declares their type ({@link ColumnType}); the key columns are not looked-up
 * columns.
 *
 * <p>The columns are fixed by the load at {@code configure()}: the CSV header, or for JSON lines
 * the declared columns followed by the others in the order they first appear. A file that cannot
 * be read or parsed then is a {@code ConfigException} naming the line (never its content). Every
 * {@code file.reload.interval.ms} the file's size and modification time are checked; a changed file
 * is loaded again and replaces the table when it parses (columns it no longer has are null, new
 * ones are ignored), else the last table stays and a warning names the line.
 */
final class FileSource implements LookupSource {

    private static final Logger LOG = LoggerFactory.getLogger(FileSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Joins the texts of a key's parts: a character CSV and JSON text do not hold in practice. */
    private static final String SEPARATOR = "\u0000";

    static final String PATH = "file.path";
    static final String FORMAT = "file.format";
    static final String KEY_COLUMNS = "file.key.columns";
    static final String COLUMNS = "file.columns";
    static final String RELOAD_INTERVAL_MS = "file.reload.interval.ms";

    enum Format implements ConfigValue {
        CSV, JSONL {
            @Override
            public List<String> configAliases() {
                return List.of("json-lines", "ndjson");
            }
        }
    }

    static void declare(ConfigKeys keys) {
        keys.string(PATH, null, "source=file: the file's path on the worker (absolute, or relative to the "
                        + "worker's working directory).")
                .rule(LookupConfig.requiredFor(SourceKind.FILE, PATH))
                .choice(FORMAT, Format.class, Format.CSV, "source=file: csv (RFC 4180, with a header line) or "
                        + "jsonl (one JSON object per line).")
                .list(KEY_COLUMNS, "source=file: the file's columns that match key.fields, in the same order.")
                .rule(LookupConfig.whenSource(SourceKind.FILE, values -> {
                    int n = values.list(KEY_COLUMNS).size();
                    int fields = LookupConfig.keyCount(values);
                    return fields == 0 || n == fields ? null : "must name one column per field of "
                            + LookupConfig.KEY_FIELDS + " (" + fields + "), not " + n;
                }))
                .list(COLUMNS, "source=file: the types of columns, as name:type entries (types: "
                        + ColumnType.NAMES + "); undeclared columns are strings.")
                .rule(LookupConfig.whenSource(SourceKind.FILE, values -> declaredProblem(values.list(COLUMNS))))
                .longValue(RELOAD_INTERVAL_MS, 10_000, 0, 86_400_000L, "source=file: how often the file is "
                        + "checked for changes and loaded again; 0 for never.");
    }

    /** What is wrong with {@code name:type} entries, or null. */
    static String declaredProblem(List<String> entries) {
        try {
            declared(entries);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** {@code name:type} entries by name, in order. */
    static Map<String, ColumnType.Declared> declared(List<String> entries) {
        Map<String, ColumnType.Declared> out = new LinkedHashMap<>();
        for (String entry : entries) {
            int colon = entry.lastIndexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("has an entry that is not name:type");
            }
            String name = entry.substring(0, colon).trim();
            if (out.put(name, ColumnType.parse(entry.substring(colon + 1))) != null) {
                throw new IllegalArgumentException("declares the column '" + name + "' twice");
            }
        }
        return out;
    }

    /** One load of the file: the rows by key text, and the keys that have more than one row. */
    private record Table(Map<String, LookupRow> rows, Set<String> ambiguous, long size, long modified) {
    }

    private final Path path;
    private final Format format;
    private final List<String> keyColumns;
    private final Map<String, ColumnType.Declared> types;
    private final boolean failOnMultiple;
    private final String name;
    private final Schema columns;
    /** The looked-up columns' names, in the schema's order. */
    private final List<String> columnNames;
    private volatile Table table;

    private FileSource(SourceContext context) {
        TransformConfig config = context.config();
        this.path = Paths.get(config.getString(PATH).trim());
        this.format = config.getEnum(FORMAT, Format.class);
        this.keyColumns = config.getList(KEY_COLUMNS).stream().map(String::trim).toList();
        this.types = declared(config.getList(COLUMNS));
        this.failOnMultiple = config.getEnum(LookupConfig.ON_MULTIPLE, OnMultiple.class) == OnMultiple.FAIL;
        this.name = context.name();
        Parsed first;
        try {
            first = parse();
        } catch (IOException e) {
            throw new ConfigException(PATH, config.getString(PATH), "cannot be read (" + e.getClass().getSimpleName()
                    + ")");
        } catch (IllegalArgumentException e) {
            throw new ConfigException(PATH, config.getString(PATH), e.getMessage());
        }
        for (String declaredName : types.keySet()) {
            if (!first.names.contains(declaredName)) {
                throw new ConfigException(COLUMNS, config.getList(COLUMNS), "declares the column '" + declaredName
                        + "', which the file does not have");
            }
        }
        SchemaBuilder struct = SchemaBuilder.struct().name(context.schemaName()).optional();
        List<String> names = new ArrayList<>();
        for (String column : first.names) {
            if (!keyColumns.contains(column)) {
                struct.field(column, type(column).schema());
                names.add(column);
            }
        }
        if (names.isEmpty()) {
            throw new ConfigException(PATH, config.getString(PATH), "has no column but the key columns");
        }
        this.columns = struct.build();
        this.columnNames = List.copyOf(names);
        this.table = table(first);
        long interval = config.getLong(RELOAD_INTERVAL_MS);
        if (interval > 0) {
            context.background().scheduleWithFixedDelay(this::reloadIfChanged, interval, interval,
                    TimeUnit.MILLISECONDS);
        }
    }

    static LookupSource open(SourceContext context) {
        return new FileSource(context);
    }

    @Override
    public Schema columns() {
        return columns;
    }

    @Override
    public boolean remote() {
        return false;
    }

    @Override
    public LookupRow lookup(List<Object> key) {
        Table t = table;
        String text = KeyText.of(key, SEPARATOR);
        LookupRow row = t.rows.get(text);
        if (row != null && t.ambiguous.contains(text)) {
            throw new DataException("the lookup file has more than one row for the key (on.multiple=fail)");
        }
        return row;
    }

    private ColumnType.Declared type(String column) {
        ColumnType.Declared t = types.get(column);
        return t == null ? ColumnType.string() : t;
    }

    // ------------------------------------------------------------------ loading

    /** What a load read: the column names (in order), the rows, and the file's size and modification time. */
    private record Parsed(List<String> names, List<Map<String, Object>> rows, long size, long modified) {
    }

    private void reloadIfChanged() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            Table current = table;
            if (attributes.size() == current.size && attributes.lastModifiedTime().toMillis() == current.modified) {
                return;
            }
            table = table(parse());
            LOG.info("{}: loaded the lookup file again, {} keys", name, table.rows.size());
        } catch (IOException e) {
            LOG.warn("{}: the lookup file cannot be read ({}); the last table stays", name,
                    e.getClass().getSimpleName());
        } catch (IllegalArgumentException | DataException e) {
            LOG.warn("{}: the changed lookup file does not load ({}); the last table stays", name, e.getMessage());
        }
    }

    private Parsed parse() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        String text = Files.readString(path, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Parsed parsed = format == Format.CSV ? csv(text, attributes) : jsonLines(text, attributes);
        for (String key : keyColumns) {
            if (!parsed.names.contains(key)) {
                throw new IllegalArgumentException("has no key column '" + key + "' (" + KEY_COLUMNS + ")");
            }
        }
        return parsed;
    }

    private Table table(Parsed parsed) {
        Map<String, LookupRow> rows = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (int r = 0; r < parsed.rows.size(); r++) {
            Map<String, Object> row = parsed.rows.get(r);
            List<Object> key = new ArrayList<>(keyColumns.size());
            for (String k : keyColumns) {
                key.add(row.get(k));
            }
            if (key.contains(null)) {
                continue; // a row without a whole key can never match one
            }
            Object[] values = new Object[columnNames.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = row.get(columnNames.get(i));
            }
            String text = KeyText.of(key, SEPARATOR);
            if (rows.putIfAbsent(text, LookupRow.of(columns, values)) != null && failOnMultiple) {
                ambiguous.add(text);
            }
        }
        return new Table(Map.copyOf(rows), Set.copyOf(ambiguous), parsed.size, parsed.modified);
    }

    private Object typed(String column, String cell, int line) {
        try {
            return type(column).fromText(cell);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("line " + line + ", column '" + column + "': " + e.getMessage());
        }
    }

    private Parsed csv(String text, BasicFileAttributes attributes) {
        CsvReader csv = new CsvReader(text);
        List<String> header = csv.next();
        if (header == null) {
            throw new IllegalArgumentException("line 1: has no header line");
        }
        List<String> names = header.stream().map(String::trim).toList();
        if (names.contains("")) {
            throw new IllegalArgumentException("line 1: column " + (names.indexOf("") + 1) + " of the header has no "
                    + "name");
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("line 1: the header names a column twice");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<String> cells = csv.next(); cells != null; cells = csv.next()) {
            int line = csv.recordLine();
            if (cells.size() == 1 && cells.get(0).isEmpty()) {
                continue; // a blank line
            }
            if (cells.size() != names.size()) {
                throw new IllegalArgumentException("line " + line + ": has " + cells.size() + " cells, the header "
                        + names.size());
            }
            Map<String, Object> row = new HashMap<>();
            for (int i = 0; i < cells.size(); i++) {
                row.put(names.get(i), typed(names.get(i), cells.get(i), line));
            }
            rows.add(row);
        }
        return new Parsed(names, rows, attributes.size(), attributes.lastModifiedTime().toMillis());
    }

    private Parsed jsonLines(String text, BasicFileAttributes attributes) {
        List<String> names = new ArrayList<>(types.keySet());
        for (String k : keyColumns) {
            if (!names.contains(k)) {
                names.add(k);
            }
        }
        Set<String> known = new HashSet<>(names);
        List<Map<String, Object>> rows = new ArrayList<>();
        String[] all = text.split("\r?\n", -1);
        for (int i = 0; i < all.length; i++) {
            int line = i + 1;
            if (all[i].isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(all[i]);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("line " + line + ": is not JSON");
            }
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("line " + line + ": is not a JSON object");
            }
            Map<String, Object> row = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String column = field.getKey();
                if (known.add(column)) {
                    names.add(column);
                }
                try {
                    row.put(column, type(column).fromJson(field.getValue()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("line " + line + ", column '" + column + "': "
                            + e.getMessage());
                }
            }
            rows.add(row);
        }
        return new Parsed(List.copyOf(names), rows, attributes.size(), attributes.lastModifiedTime().toMillis());
    }

    @Override
    public void close() {
        // the background thread is the transform's
    }

    @Override
    public String toString() {
        return "FileSource(" + format.configValue() + ")";
    }
}
