package io.cdckit.examples;

import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.DecodedRecord;
import io.cdckit.testkit.cdc.EmbeddedPostgresCdc;
import io.cdckit.testkit.junit.ConnectRuntimeExtension;
import io.cdckit.testkit.junit.PostgresExtension;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * {@code TimestampNormalizer} before {@code Unwrap} on a live pipeline: a real PostgreSQL,
 * Debezium's PostgreSQL connector (default {@code time.precision.mode}) and a Connect worker whose
 * {@code plugin.path} holds the built archives of {@code cdckit-smt-core} and
 * {@code cdckit-smt-unwrap}. Every temporal column of both row images becomes ISO-8601 text
 * (dates and times too), checked against the row as JDBC read it; {@code record.timestamp.field}
 * makes each record's Kafka timestamp the commit time of its change ({@code source.ts_ms}, which
 * {@code Unwrap} adds to the row as {@code __source_ts_ms}).
 */
class TimestampNormalizerPipelineIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final String TABLE = "ops.shifts";
    /** A zone-less timestamp(6) as ISO-8601 UTC text: six fraction digits and Z. */
    static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT);

    @RegisterExtension
    @Order(1)
    static final PostgresExtension PG = new PostgresExtension();
    @RegisterExtension
    @Order(2)
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.of(b -> b
            .pluginArchive(PluginArchives.unwrap())
            .pluginArchive(ConnectRuntime.archive(FieldMapperPipelineIT.SMT_CORE_ARCHIVE_PROPERTY)));

    /** The row after each change (the before image for the delete), as JDBC read it, by order of change. */
    static final List<Map<String, Object>> ROWS = new ArrayList<>();
    static EmbeddedPostgresCdc.Database db;
    static List<ConsumerRecord<byte[], byte[]>> records;

    @BeforeAll
    static void captureTheWorkload() {
        ConnectRuntime connect = CONNECT.runtime();
        db = PG.server().createDatabase("ops");
        db.execute("CREATE SCHEMA ops",
                "CREATE TABLE ops.shifts (id integer PRIMARY KEY, day date, starts time(6), "
                        + "planned timestamp(6), logged timestamptz(6))",
                "ALTER TABLE ops.shifts REPLICA IDENTITY FULL",
                "INSERT INTO ops.shifts VALUES (1, '2024-03-01', '09:30:15.123456', '2024-03-01 10:15:30.123456', "
                        + "'2024-03-01 10:15:30.5+02'), (2, '1969-12-31', '23:59:59.999999', "
                        + "'1969-12-31 23:59:59.999999', '1969-12-31 23:00:00+00')");
        ROWS.add(row(1));
        ROWS.add(row(2));

        Map<String, String> config = db.connectorConfig("times", TABLE);
        config.put("transforms", "norm,unwrap");
        config.put("transforms.norm.type", "io.cdckit.smt.time.TimestampNormalizer$Value");
        config.put("transforms.norm.date.target.type", "iso");
        config.put("transforms.norm.time.target.type", "iso");
        config.put("transforms.norm.record.timestamp.field", "$envelope.source.ts_ms");
        config.put("transforms.unwrap.type", "io.cdckit.smt.unwrap.Unwrap");
        config.put("transforms.unwrap.delete.tombstone.handling.mode", "rewrite");
        config.put("transforms.unwrap.add.fields", "op,source.ts_ms");
        connect.deploy("times", config);
        connect.awaitRunning("times", 1);
        EmbeddedPostgresCdc.awaitStreaming("times", TIMEOUT);

        db.execute("INSERT INTO ops.shifts VALUES (3, '2025-01-15', '18:45:00.5', '2025-01-15 18:45:00.654321', "
                + "'2025-01-15 18:45:00-05')");
        ROWS.add(row(3));
        db.execute("UPDATE ops.shifts SET planned = '2025-02-01 08:00:00', logged = now() WHERE id = 1");
        ROWS.add(row(1));
        Map<String, Object> deleted = row(2);
        db.execute("DELETE FROM ops.shifts WHERE id = 2");
        ROWS.add(deleted);
        records = connect.consume("times." + TABLE, ROWS.size(), TIMEOUT);
    }

    private static Map<String, Object> row(int id) {
        // java.sql.Time has milliseconds only: the time of day as text
        return db.query("SELECT id, day, to_char(starts, 'HH24:MI:SS.US') AS starts, planned, logged FROM " + TABLE
                + " WHERE id = " + id).get(0);
    }

    @Test
    void everyTemporalColumnIsIsoTextAndTheRecordTimestampIsTheCommitTime() {
        assertEquals(ROWS.size(), records.size(), "a record per change: 2 snapshot rows, insert, update, delete");
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = records.get(i);
            DecodedRecord d = ConnectRuntime.decode(r, true);
            Struct row = (Struct) d.value;
            Map<String, Object> db = ROWS.get(i);
            String what = row.get("__op") + ":" + row.get("id");
            assertEquals(db.get("id"), row.get("id"), what + ": in the order of the changes");
            assertEquals(((Date) db.get("day")).toLocalDate().toString(), row.get("day"), what);
            assertEquals(db.get("starts"), row.get("starts"), what);
            assertEquals(MICROS.format(((Timestamp) db.get("planned")).toLocalDateTime()), row.get("planned"), what);
            assertEquals(((Timestamp) db.get("logged")).toInstant(),
                    OffsetDateTime.parse((String) row.get("logged")).toInstant(), what);
            assertEquals(ZoneOffset.UTC, OffsetDateTime.parse((String) row.get("logged")).getOffset(), what);
            assertEquals("io.debezium.time.ZonedTimestamp", d.valueSchema.field("planned").schema().name());

            Object commit = row.get("__source_ts_ms");
            assertNotNull(commit, what);
            assertEquals(commit, r.timestamp(), what + ": the record's timestamp is its commit time");
        }
        assertEquals("true", ((Struct) ConnectRuntime.decode(records.get(records.size() - 1), true).value)
                .get("__deleted"), "the delete, rewritten as its before image");
    }
}
