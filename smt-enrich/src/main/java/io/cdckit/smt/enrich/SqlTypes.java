package io.cdckit.smt.enrich;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a JDBC column becomes a Connect field, decided once from {@code ResultSetMetaData}:
 * booleans, integers of their width, {@code REAL} as float32 and {@code FLOAT}/{@code DOUBLE} as
 * float64, {@code NUMERIC}/{@code DECIMAL} of a declared scale as a Connect Decimal of that scale
 * (unconstrained ones, which have no scale, as their exact text), dates, times and timestamps as
 * Connect's Date, Time and Timestamp (a timestamp without time zone read as UTC, one with a zone as
 * its instant), binary as bytes, and everything else (text, UUID, JSON, enums, {@code money},
 * {@code timetz}, {@code bit(n)}) as its text. A value beyond its Connect type's range (PostgreSQL's
 * {@code infinity} dates) is a data error. Every field is optional.
 */
final class SqlTypes {

    private SqlTypes() {
    }

    /** Reads one column of the current row as its Connect value. */
    interface Reader {
        Schema schema();

        Object read(ResultSet rs, int column, String name) throws SQLException;
    }

    private record Simple(Schema schema, Read read) implements Reader {
        @Override
        public Object read(ResultSet rs, int column, String name) throws SQLException {
            Object v;
            try {
                v = read.read(rs, column);
            } catch (ArithmeticException | IllegalArgumentException e) { // e.g. PostgreSQL's date 'infinity'
                throw new DataException("the lookup column '" + name + "' holds a value beyond the range of its "
                        + "Connect type " + schema.type() + (schema.name() == null ? "" : " (" + schema.name() + ")"));
            }
            return rs.wasNull() ? null : v;
        }
    }

    @FunctionalInterface
    private interface Read {
        Object read(ResultSet rs, int column) throws SQLException;
    }

    static Reader reader(ResultSetMetaData meta, int column) throws SQLException {
        int type = meta.getColumnType(column);
        String typeName = String.valueOf(meta.getColumnTypeName(column)).toLowerCase(Locale.ROOT);
        if (typeName.equals("money") || typeName.equals("timetz") || typeName.contains("time with time zone")) {
            return simple(Schema.OPTIONAL_STRING_SCHEMA, ResultSet::getString); // no exact Connect type: the text
        }
        switch (type) {
            case Types.BIT:
            case Types.BOOLEAN:
                return meta.getPrecision(column) > 1 && type == Types.BIT
                        ? simple(Schema.OPTIONAL_STRING_SCHEMA, ResultSet::getString) // bit(n): its digits
                        : simple(Schema.OPTIONAL_BOOLEAN_SCHEMA, ResultSet::getBoolean);
            case Types.TINYINT:
                return simple(Schema.OPTIONAL_INT16_SCHEMA, ResultSet::getShort);
            case Types.SMALLINT:
                return simple(Schema.OPTIONAL_INT16_SCHEMA, ResultSet::getShort);
            case Types.INTEGER:
                return simple(Schema.OPTIONAL_INT32_SCHEMA, ResultSet::getInt);
            case Types.BIGINT:
                return simple(Schema.OPTIONAL_INT64_SCHEMA, ResultSet::getLong);
            case Types.REAL:
                return simple(Schema.OPTIONAL_FLOAT32_SCHEMA, ResultSet::getFloat);
            case Types.FLOAT:
            case Types.DOUBLE:
                return simple(Schema.OPTIONAL_FLOAT64_SCHEMA, ResultSet::getDouble);
            case Types.NUMERIC:
            case Types.DECIMAL:
                return decimal(meta.getPrecision(column), meta.getScale(column));
            case Types.DATE:
                return simple(Date.builder().optional().build(), (rs, c) -> {
                    LocalDate d = rs.getObject(c, LocalDate.class);
                    return d == null ? null : new java.util.Date(Math.multiplyExact(d.toEpochDay(), 86_400_000L));
                });
            case Types.TIME:
                return simple(Time.builder().optional().build(), (rs, c) -> {
                    LocalTime t = rs.getObject(c, LocalTime.class);
                    return t == null ? null : new java.util.Date(t.toNanoOfDay() / 1_000_000L);
                });
            case Types.TIME_WITH_TIMEZONE:
                return simple(Schema.OPTIONAL_STRING_SCHEMA, ResultSet::getString);
            case Types.TIMESTAMP:
                if (typeName.contains("tz") || typeName.contains("time zone")) {
                    return instant();
                }
                return simple(Timestamp.builder().optional().build(), (rs, c) -> {
                    LocalDateTime t = rs.getObject(c, LocalDateTime.class);
                    return t == null ? null : java.util.Date.from(t.toInstant(ZoneOffset.UTC));
                });
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return instant();
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
            case Types.BLOB:
                return simple(Schema.OPTIONAL_BYTES_SCHEMA, ResultSet::getBytes);
            default:
                return simple(Schema.OPTIONAL_STRING_SCHEMA, ResultSet::getString);
        }
    }

    private static Reader simple(Schema schema, Read read) {
        return new Simple(schema, read);
    }

    private static Reader instant() {
        return simple(Timestamp.builder().optional().build(), (rs, c) -> {
            OffsetDateTime t = rs.getObject(c, OffsetDateTime.class);
            return t == null ? null : java.util.Date.from(t.toInstant());
        });
    }

    private static Reader decimal(int precision, int scale) {
        if (precision <= 0 || scale < 0 || precision > 1000) { // unconstrained: no scale to give every value
            return simple(Schema.OPTIONAL_STRING_SCHEMA, (rs, c) -> {
                BigDecimal d = rs.getBigDecimal(c);
                return d == null ? null : d.toPlainString();
            });
        }
        Schema schema = Decimal.builder(scale).parameter("connect.decimal.precision", String.valueOf(precision))
                .optional().build();
        return new Reader() {
            @Override
            public Schema schema() {
                return schema;
            }

            @Override
            public Object read(ResultSet rs, int column, String name) throws SQLException {
                BigDecimal d = rs.getBigDecimal(column);
                if (d == null) {
                    return null;
                }
                try {
                    return d.setScale(scale, RoundingMode.UNNECESSARY);
                } catch (ArithmeticException e) {
                    throw new DataException("the lookup column '" + name + "' holds a number with more decimals "
                            + "than its scale " + scale);
                }
            }
        };
    }

    /** The columns of a query's result, in order, each with its Connect schema and reader. */
    static final class Columns {
        private final Schema schema;
        private final int[] positions;
        private final Reader[] readers;

        private Columns(Schema schema, int[] positions, Reader[] readers) {
            this.schema = schema;
            this.positions = positions;
            this.readers = readers;
        }

        static Columns of(ResultSetMetaData meta, List<String> exclude, String schemaName) throws SQLException {
            Set<String> skip = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            skip.addAll(exclude.stream().map(String::trim).toList());
            SchemaBuilder struct = SchemaBuilder.struct()
                    .name(schemaName).optional();
            List<Integer> positions = new ArrayList<>();
            List<Reader> readers = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String label = meta.getColumnLabel(i);
                if (skip.contains(label)) {
                    continue;
                }
                if (struct.field(label) != null) {
                    throw new DataException("the lookup query returns two columns named '" + label + "'");
                }
                Reader reader = SqlTypes.reader(meta, i);
                struct.field(label, reader.schema());
                positions.add(i);
                readers.add(reader);
            }
            if (positions.isEmpty()) {
                throw new DataException("the lookup query returns no column but the key columns");
            }
            return new Columns(struct.build(), positions.stream().mapToInt(Integer::intValue).toArray(),
                    readers.toArray(new Reader[0]));
        }

        Schema schema() {
            return schema;
        }

        LookupRow read(ResultSet rs) throws SQLException {
            Object[] values = new Object[positions.length];
            List<Field> fields = schema.fields();
            for (int i = 0; i < values.length; i++) {
                values[i] = readers[i].read(rs, positions[i], fields.get(i).name());
            }
            return LookupRow.of(schema, values);
        }
    }
}
