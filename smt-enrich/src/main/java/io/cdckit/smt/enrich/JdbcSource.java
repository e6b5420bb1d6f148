package io.cdckit.smt.enrich;

import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.ConfigRule;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.config.Validators;
import io.cdckit.core.record.WithheldException;
import io.cdckit.smt.enrich.LookupConfig.OnMultiple;
import io.cdckit.smt.enrich.LookupConfig.SourceKind;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TimeZone;

/**
 * The {@code jdbc} source: one query per key through a HikariCP pool, {@code jdbc.query} with a
 * {@code ?} per key field, or a query built from {@code jdbc.table}, {@code jdbc.key.columns} and
 * {@code jdbc.columns} with the database's quoted identifiers. The columns' schema comes from the
 * query's {@code ResultSetMetaData} once ({@link SqlTypes.Columns}).
 *
 * <p>The pool connects lazily, so a database that is down when the connector starts delays the
 * first records (retriable errors) instead of failing the task. A failure is transient (a
 * {@code RetriableException}) when the driver says so or its SQLState is of a connection, resource,
 * operator-intervention or rollback class; every other SQLState is permanent (a
 * {@code DataException}). Messages carry the SQLState and the exception's class, never the driver's
 * message (which may quote a key) or the URL (which may hold credentials).
 */
final class JdbcSource implements LookupSource {

    static final String URL = "jdbc.url";
    static final String USER = "jdbc.user";
    static final String PASSWORD = "jdbc.password";
    static final String QUERY = "jdbc.query";
    static final String TABLE = "jdbc.table";
    static final String KEY_COLUMNS = "jdbc.key.columns";
    static final String COLUMNS = "jdbc.columns";
    static final String POOL_SIZE = "jdbc.pool.size";
    static final String CONNECTION_TIMEOUT_MS = "jdbc.connection.timeout.ms";
    static final String QUERY_TIMEOUT_MS = "jdbc.query.timeout.ms";

    /** SQLState classes of failures that pass: connection, transaction rollback, resources, operator, system. */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58");
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    static void declare(ConfigKeys keys) {
        keys.string(URL, null, "source=jdbc: the JDBC URL, e.g. jdbc:postgresql://db:5432/shop. PostgreSQL's "
                        + "driver is in the plugin; put other drivers' jars into the plugin's lib folder. Never "
                        + "shown in messages (it may hold credentials).")
                .sensitive()
                .rule(LookupConfig.requiredFor(SourceKind.JDBC, URL))
                .rule(LookupConfig.whenSource(SourceKind.JDBC, values -> {
                    String url = values.string(URL);
                    return url == null || url.startsWith("jdbc:") ? null : "must be a JDBC URL (jdbc:...)";
                }))
                .string(USER, null, "source=jdbc: the database user.")
                .password(PASSWORD, "source=jdbc: the database user's password.")
                .string(QUERY, null, "source=jdbc: the query of one key, with a ? per key field in key.fields "
                        + "order, e.g. SELECT tier, region FROM customers WHERE id = ?. Every column it returns "
                        + "is looked up. Exclusive with jdbc.table.")
                .rule(LookupConfig.whenSource(SourceKind.JDBC, JdbcSource::queryProblem))
                .string(TABLE, null, "source=jdbc: the table to look up in (schema.table or table), instead of "
                        + "jdbc.query. Its names and the columns' are quoted, so they match exactly (case included); "
                        + "a part already in quotes (\"my.table\") is taken as it is.")
                .list(KEY_COLUMNS, "source=jdbc with jdbc.table: the table's columns that match key.fields, in "
                        + "the same order.")
                .rule(LookupConfig.whenSource(SourceKind.JDBC, values -> {
                    if (!values.isSet(TABLE)) {
                        return values.isSet(KEY_COLUMNS) ? "is only used with " + TABLE : null;
                    }
                    int n = values.list(KEY_COLUMNS).size();
                    int fields = LookupConfig.keyCount(values);
                    return fields == 0 || n == fields ? null : "must name one column per field of "
                            + LookupConfig.KEY_FIELDS + " (" + fields + "), not " + n;
                }))
                .list(COLUMNS, "source=jdbc with jdbc.table: the columns to look up; empty for every column "
                        + "but the key columns.")
                .rule(LookupConfig.whenSource(SourceKind.JDBC, values -> values.isSet(COLUMNS) && !values.isSet(TABLE)
                        ? "is only used with " + TABLE + " (a query names its columns itself)" : null))
                .integer(POOL_SIZE, 2, 1, 64, "source=jdbc: the most connections the transform holds.")
                .longValue(CONNECTION_TIMEOUT_MS, 5_000, 250, 600_000, "source=jdbc: how long a lookup waits "
                        + "for a connection before it fails (retriable).")
                .longValue(QUERY_TIMEOUT_MS, 5_000, 0, 600_000, "source=jdbc: how long one query may run "
                        + "(rounded up to seconds; 0 for no limit) before it fails (retriable).");
    }

    private static String queryProblem(ConfigRule.Values values) {
        boolean query = values.isSet(QUERY);
        boolean table = values.isSet(TABLE);
        if (query == table) {
            return query ? "is exclusive with " + TABLE : "or " + TABLE + " must be set with "
                    + LookupConfig.SOURCE + "=jdbc";
        }
        if (!query) {
            return null;
        }
        int marks = placeholders(values.string(QUERY));
        int keys = LookupConfig.keyCount(values);
        return keys == 0 || marks == keys ? null : "must have one ? per field of " + LookupConfig.KEY_FIELDS
                + " (" + keys + "), not " + marks;
    }

    /** The {@code ?} placeholders of a query outside quotes and comments. */
    static int placeholders(String sql) {
        int count = 0;
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end;
            } else if (c == '?') {
                count++;
            }
        }
        return count;
    }

    private final String schemaName;
    private final HikariDataSource pool;
    private final String query;
    private final String table;
    private final List<String> keyColumns;
    private final List<String> columnNames;
    private final int queryTimeoutSeconds;
    private final boolean failOnMultiple;
    private volatile String sql;
    private volatile SqlTypes.Columns columns;

    private JdbcSource(SourceContext context) {
        TransformConfig config = context.config();
        this.schemaName = context.schemaName();
        this.query = config.getString(QUERY);
        this.table = config.getString(TABLE);
        this.keyColumns = config.getList(KEY_COLUMNS);
        this.columnNames = config.getList(COLUMNS);
        long timeout = config.getLong(QUERY_TIMEOUT_MS);
        this.queryTimeoutSeconds = (int) Math.min(Integer.MAX_VALUE, (timeout + 999) / 1000);
        this.failOnMultiple = config.getEnum(LookupConfig.ON_MULTIPLE, OnMultiple.class) == OnMultiple.FAIL;
        String url = config.getString(URL).trim();
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        String driver = driverFor(url, config);
        hikari.setDriverClassName(driver);
        if (driver.equals("org.postgresql.Driver")) {
            // text keys bound as untyped literals, so that a uuid, enum or inet column compares with them
            hikari.addDataSourceProperty("stringtype", "unspecified");
        }
        hikari.setUsername(config.getString(USER));
        Password password = config.getPassword(PASSWORD);
        if (password != null) {
            hikari.setPassword(password.value());
        }
        hikari.setMaximumPoolSize(config.getInt(POOL_SIZE));
        hikari.setMinimumIdle(0);
        hikari.setConnectionTimeout(config.getLong(CONNECTION_TIMEOUT_MS));
        hikari.setInitializationFailTimeout(-1); // connect when asked: a database down at start is an outage
        hikari.setReadOnly(true);
        hikari.setAutoCommit(true);
        hikari.setPoolName("cdckit-lookup");
        this.pool = new HikariDataSource(hikari);
    }

    static LookupSource open(SourceContext context) {
        return new JdbcSource(context);
    }

    /** The driver that takes {@code url}, from the plugin's own class loader (where isolation puts it). */
    private static String driverFor(String url, TransformConfig config) {
        for (Driver d : ServiceLoader.load(Driver.class, JdbcSource.class.getClassLoader())) {
            try {
                if (d.acceptsURL(url)) {
                    return d.getClass().getName();
                }
            } catch (SQLException e) {
                // not this one
            }
        }
        int colon = url.indexOf(':', 5);
        String scheme = colon < 0 ? "jdbc:" : url.substring(0, colon + 1);
        throw new org.apache.kafka.common.config.ConfigException(URL, Validators.HIDDEN, "has no JDBC driver for "
                + scheme.replaceAll("[^A-Za-z0-9:_-]", "") + " URLs in the plugin: put the driver's jar into the "
                + "plugin's lib folder");
    }

    @Override
    public boolean remote() {
        return true;
    }

    @Override
    public Schema columns() {
        return describe().schema();
    }

    private SqlTypes.Columns describe() {
        SqlTypes.Columns c = columns;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (columns == null) {
                try (Connection connection = pool.getConnection()) {
                    String statement = sql(connection.getMetaData());
                    try (PreparedStatement ps = connection.prepareStatement(statement)) {
                        ResultSetMetaData meta = ps.getMetaData();
                        if (meta == null) {
                            throw new DataException("the database does not describe the lookup query's columns "
                                    + "before running it; use a driver that does");
                        }
                        List<String> exclude = table != null && columnNames.isEmpty() ? keyColumns : List.of();
                        sql = statement;
                        columns = SqlTypes.Columns.of(meta, exclude, schemaName);
                    }
                } catch (SQLException e) {
                    throw failure("describing the lookup query's columns", e);
                }
            }
            return columns;
        }
    }

    private String sql(DatabaseMetaData meta) throws SQLException {
        if (query != null) {
            return query;
        }
        String q = meta.getIdentifierQuoteString();
        String quote = q == null || q.isBlank() ? "" : q.trim();
        StringBuilder b = new StringBuilder("SELECT ");
        if (columnNames.isEmpty()) {
            b.append('*');
        } else {
            for (int i = 0; i < columnNames.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(quoted(columnNames.get(i), quote));
            }
        }
        b.append(" FROM ");
        List<String> parts = tableParts(table, quote);
        for (int i = 0; i < parts.size(); i++) {
            b.append(i == 0 ? "" : ".").append(quoted(parts.get(i), quote));
        }
        for (int i = 0; i < keyColumns.size(); i++) {
            b.append(i == 0 ? " WHERE " : " AND ").append(quoted(keyColumns.get(i), quote)).append(" = ?");
        }
        return b.toString();
    }

    private static String quoted(String identifier, String quote) {
        String id = identifier.trim();
        if (!quote.isEmpty() && id.length() >= 2 * quote.length() && id.startsWith(quote) && id.endsWith(quote)) {
            return id; // quoted by the user already
        }
        return quote.isEmpty() ? id : quote + id.replace(quote, quote + quote) + quote;
    }

    /** {@code schema.table} split at the dots outside quotes: {@code "my.schema".t} is two parts. */
    static List<String> tableParts(String table, String quote) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean inQuotes = false;
        for (int i = 0; i < table.length(); i++) {
            char c = table.charAt(i);
            if (!quote.isEmpty() && table.startsWith(quote, i)) {
                inQuotes = !inQuotes;
            }
            if (c == '.' && !inQuotes) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    @Override
    public LookupRow lookup(List<Object> key) {
        SqlTypes.Columns c = describe();
        try (Connection connection = pool.getConnection();
             PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setQueryTimeout(queryTimeoutSeconds);
            ps.setMaxRows(2);
            for (int i = 0; i < key.size(); i++) {
                bind(ps, i + 1, key.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                LookupRow row = c.read(rs);
                if (failOnMultiple && rs.next()) {
                    throw new DataException("the lookup query returned more than one row for the key "
                            + "(on.multiple=fail)");
                }
                return row;
            }
        } catch (SQLException e) {
            throw failure("looking a key up", e);
        }
    }

    private static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value instanceof java.util.Date d) {
            // Connect's Date, Time and Timestamp are UTC instants, as the columns are read (SqlTypes)
            ps.setTimestamp(index, new java.sql.Timestamp(d.getTime()), Calendar.getInstance(UTC));
        } else if (value instanceof ByteBuffer b) {
            byte[] bytes = new byte[b.remaining()];
            b.duplicate().get(bytes);
            ps.setBytes(index, bytes);
        } else {
            ps.setObject(index, value);
        }
    }

    /** A driver's failure as Lookup reports it: transient or permanent, the message withheld. */
    private RuntimeException failure(String doing, SQLException e) {
        String state = e.getSQLState() == null ? "none" : e.getSQLState().replaceAll("[^A-Za-z0-9]", "");
        String problem = "the lookup database failed while " + doing + " (SQLState " + state + ", "
                + e.getClass().getSimpleName() + ")";
        if (isTransient(e)) {
            return new RetriableException(problem, WithheldException.of(e));
        }
        return new DataException(problem, WithheldException.of(e));
    }

    static boolean isTransient(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null) {
            return e.getCause() instanceof java.io.IOException;
        }
        String upper = state.toUpperCase(Locale.ROOT);
        return upper.startsWith("HYT") // ODBC-style timeouts
                || upper.length() >= 2 && TRANSIENT_CLASSES.contains(upper.substring(0, 2));
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Never the URL or the user: the URL may hold credentials. */
    @Override
    public String toString() {
        return "JdbcSource(" + (table != null ? "table" : "query") + ")";
    }
}
