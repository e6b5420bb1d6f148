package io.cdckit.smt.mapping;

import io.cdckit.core.transform.CdcTransform;
import io.cdckit.smt.time.TimestampNormalizerConnectIT;
import io.cdckit.testkit.DecodedRecord;
import io.cdckit.testkit.ValidateTable;
import io.cdckit.testkit.WorkerMetrics;
import io.cdckit.testkit.connect.SinkRun;
import io.cdckit.testkit.fixtures.Fixtures;
import io.cdckit.testkit.junit.ConnectRuntimeExtension;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code FieldMapper} loaded from the module's plugin archive into a real Connect worker: in the
 * sink path on the recorded corpus of real Debezium events (row scope: both images of each change
 * event), with a dead letter queue, counting every record; and every configuration mistake through
 * Connect's validate endpoint.
 */
class FieldMapperConnectIT {

    @RegisterExtension
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.withModuleArchive();

    static final ValidateTable VALUE = table("io.cdckit.smt.mapping.FieldMapper$Value");
    static final ValidateTable KEY = table("io.cdckit.smt.mapping.FieldMapper$Key");

    static ValidateTable table(String plugin) {
        return ValidateTable.transform(plugin)
                .wrong("drop and its alias", Map.of(FieldMapper.DROP, "a", FieldMapper.EXCLUDE, "b"),
                        FieldMapper.EXCLUDE, "is an alias of drop, which is set too")
                .wrong("rename and its alias", Map.of(FieldMapper.RENAME, "a:b", FieldMapper.RENAMES, "c:d"),
                        FieldMapper.RENAMES, "is an alias of rename, which is set too")
                .wrong("a rename without a new name", Map.of(FieldMapper.RENAME, "email"), FieldMapper.RENAME,
                        "entry 'email' is not path:newName: expected path:target")
                .wrong("a rename to a path", Map.of(FieldMapper.RENAME, "email:contact.mail"), FieldMapper.RENAME,
                        "the new name must be a plain name")
                .wrong("a renamed pattern", Map.of(FieldMapper.RENAME, "*_at:x"), FieldMapper.RENAME,
                        "a rename names one field, not a pattern")
                .wrong("one field renamed twice", Map.of(FieldMapper.RENAME, "a:b, a:c"), FieldMapper.RENAME,
                        "'a' is renamed twice")
                .wrong("two fields given one name", Map.of(FieldMapper.RENAME, "a:x, b:x"), FieldMapper.RENAME,
                        "give one name 'x'")
                .wrong("the alias's entries too", Map.of(FieldMapper.RENAMES, "a:x, b:x"), FieldMapper.RENAMES,
                        "give one name 'x'")
                .wrong("an unknown type", Map.of(FieldMapper.CAST, "amount:money"), FieldMapper.CAST, "money")
                .wrong("an insert below a renamed struct's old name", Map.of(FieldMapper.RENAME, "address:home",
                        FieldMapper.INSERT, "address.tag:x"), FieldMapper.INSERT,
                        "adds below 'address', which rename entry 'address:home' renames before insert runs")
                .wrong("a copy of a field a move took away", Map.of(FieldMapper.MOVE, "email:mail",
                        FieldMapper.COPY, "email:backup"), FieldMapper.COPY,
                        "which move entry 'email:mail' moves away before copy runs")
                .wrong("a cast by a name a rename took away", Map.of(FieldMapper.RENAME, "amount:total",
                        FieldMapper.CAST, "amount:string"), FieldMapper.CAST,
                        "which rename entry 'amount:total' renames before cast runs")
                .wrong("a cast pattern", Map.of(FieldMapper.CAST, "*_at:string"), FieldMapper.CAST,
                        "a cast names one field, not a pattern")
                .wrong("one field cast twice", Map.of(FieldMapper.CAST, "a:int32, a:string"), FieldMapper.CAST,
                        "'a' is cast twice")
                .wrong("a bad drop path", Map.of(FieldMapper.DROP, "a..b"), FieldMapper.DROP, "not a valid field path")
                .wrong("keep and its alias", Map.of(FieldMapper.KEEP, "a", FieldMapper.INCLUDE, "b"),
                        FieldMapper.INCLUDE, "is an alias of keep, which is set too")
                .wrong("a move out of an array", Map.of(FieldMapper.MOVE, "items[*].sku:sku"), FieldMapper.MOVE,
                        "a move names one field outside arrays")
                .wrong("a move to a pattern", Map.of(FieldMapper.MOVE, "a:b*"), FieldMapper.MOVE,
                        "the target must be a literal path")
                .wrong("a move into itself", Map.of(FieldMapper.MOVE, "a:a.b"), FieldMapper.MOVE,
                        "the target must lie outside its source")
                .wrong("a field moved twice", Map.of(FieldMapper.MOVE, "a:b, a:c"), FieldMapper.MOVE,
                        "'a' is moved twice")
                .wrong("a rename inside a moved struct", Map.of(FieldMapper.MOVE, "address:home",
                        FieldMapper.RENAME, "address.zip:postcode"), FieldMapper.MOVE,
                        "names a field inside the struct it relocates")
                .wrong("a copy onto a move's target", Map.of(FieldMapper.MOVE, "a:x", FieldMapper.COPY, "b:x"),
                        FieldMapper.COPY, "both add 'x'")
                .wrong("a copy of a field inside a copied struct", Map.of(FieldMapper.COPY, "address:home, address.city:c"),
                        FieldMapper.COPY, "names a field inside 'address'")
                .wrong("an unknown insert source", Map.of(FieldMapper.INSERT, "x:$nope"), FieldMapper.INSERT,
                        "unknown source '$nope'")
                .wrong("a literal that is not of its type", Map.of(FieldMapper.INSERT, "x:abc:int32"),
                        FieldMapper.INSERT, "the literal is not a int32 value")
                .wrong("an insert at a pattern", Map.of(FieldMapper.INSERT, "x*:$topic"), FieldMapper.INSERT,
                        "an inserted field needs a literal path")
                .wrong("an insert into the envelope", Map.of(FieldMapper.INSERT, "$envelope.x:$topic"),
                        FieldMapper.INSERT, "fields are inserted into the row, not the envelope")
                .wrong("two inserts at one path", Map.of(FieldMapper.INSERT, "x:$topic, x:$offset"), FieldMapper.INSERT,
                        "both add 'x'")
                // $envelope. paths are only insert sources
                .wrong("a kept envelope path", Map.of(FieldMapper.KEEP, "id,$envelope.after.id"), FieldMapper.KEEP,
                        "$envelope. paths are only insert sources")
                .wrong("an included envelope path", Map.of(FieldMapper.INCLUDE, "$envelope.source"),
                        FieldMapper.INCLUDE, "$envelope. paths are only insert sources")
                .wrong("a dropped envelope path", Map.of(FieldMapper.DROP, "$envelope.after.email"), FieldMapper.DROP,
                        "$envelope. paths are only insert sources")
                .wrong("an excluded envelope path", Map.of(FieldMapper.EXCLUDE, "$envelope.source"),
                        FieldMapper.EXCLUDE, "$envelope. paths are only insert sources")
                .wrong("a renamed envelope path", Map.of(FieldMapper.RENAME, "$envelope.op:operation"),
                        FieldMapper.RENAME, "$envelope. paths are only insert sources")
                .wrong("an envelope path renamed by the alias", Map.of(FieldMapper.RENAMES, "$envelope.op:operation"),
                        FieldMapper.RENAMES, "$envelope. paths are only insert sources")
                .wrong("a move into the envelope", Map.of(FieldMapper.MOVE, "email:$envelope.email"), FieldMapper.MOVE,
                        "$envelope. paths are only insert sources")
                .wrong("a copy out of the envelope", Map.of(FieldMapper.COPY, "$envelope.source.ts_ms:ts"),
                        FieldMapper.COPY, "$envelope. paths are only insert sources")
                .wrong("a cast envelope path", Map.of(FieldMapper.CAST, "$envelope.ts_ms:string"), FieldMapper.CAST,
                        "$envelope. paths are only insert sources")
                // keep and drop name fields, not the elements of an array
                .wrong("dropped array elements", Map.of(FieldMapper.DROP, "items[*]"), FieldMapper.DROP,
                        "names the elements of an array")
                .wrong("excluded array elements", Map.of(FieldMapper.EXCLUDE, "items[*]"), FieldMapper.EXCLUDE,
                        "names the elements of an array")
                .wrong("kept array elements", Map.of(FieldMapper.KEEP, "items[*]"), FieldMapper.KEEP,
                        "names the elements of an array")
                .wrong("included array elements", Map.of(FieldMapper.INCLUDE, "items[*]"), FieldMapper.INCLUDE,
                        "names the elements of an array")
                // a target inside a struct another entry adds whole
                .wrong("a move into a struct another move adds", Map.of(FieldMapper.MOVE, "address:addr,email:addr.email"),
                        FieldMapper.MOVE, "adds inside 'addr', which entry 'address:addr' adds as a whole")
                .wrong("a copy into a struct a move adds", Map.of(FieldMapper.MOVE, "address:addr",
                        FieldMapper.COPY, "email:addr.email"), FieldMapper.COPY, "adds inside 'addr'")
                .wrong("an insert into a struct a move adds", Map.of(FieldMapper.MOVE, "address:addr",
                        FieldMapper.INSERT, "addr.tag:x"), FieldMapper.INSERT, "adds inside 'addr'")
                .wrong("a move target that is not a path", Map.of(FieldMapper.MOVE, "a:b..c"), FieldMapper.MOVE,
                        "the target is not a field path")
                // entries naming a field keep or drop removed
                .wrong("a rename of a dropped field", Map.of(FieldMapper.DROP, "email", FieldMapper.RENAME, "email:mail"),
                        FieldMapper.RENAME, "which drop entry 'email' removes before rename runs")
                .wrong("a rename by the alias of an excluded field", Map.of(FieldMapper.EXCLUDE, "email",
                        FieldMapper.RENAMES, "email:mail"), FieldMapper.RENAMES, "which exclude entry 'email' removes")
                .wrong("a move of a field keep leaves out", Map.of(FieldMapper.KEEP, "id", FieldMapper.MOVE,
                        "address:addr"), FieldMapper.MOVE, "which keep 'id' leaves out before move runs")
                .wrong("a copy out of a dropped struct", Map.of(FieldMapper.DROP, "address", FieldMapper.COPY,
                        "address.city:city"), FieldMapper.COPY, "which drop entry 'address' removes (with the struct")
                .wrong("a cast of a field a pattern drops", Map.of(FieldMapper.DROP, "*_at", FieldMapper.CAST,
                        "created_at:string"), FieldMapper.CAST, "which drop entry '*_at' removes before cast runs");
    }

    @Test
    void everyConfigMistakeShowsInValidateOnItsKey() {
        ValidateTable.assertEveryPluginCovered(CONNECT.runtime(), VALUE, KEY, TimestampNormalizerConnectIT.VALUE,
                TimestampNormalizerConnectIT.KEY);
        VALUE.assertAll(CONNECT.runtime());
        KEY.assertAll(CONNECT.runtime());
    }

    @Test
    void sinkPathInRowScopeOnRealEventsLosesNothing() {
        List<SinkRecord> corpus = Fixtures.records();
        int customerEvents = 0;
        for (SinkRecord r : corpus) {
            if (r.value() != null && r.topic().endsWith(".customers")) {
                customerEvents++;
            }
        }
        long otherEvents = corpus.stream().filter(r -> r.value() != null && !r.topic().endsWith(".customers")).count();
        // only customers have an email column: every other row schema fails and goes to the DLQ
        SinkRun run = SinkRun.of(CONNECT.runtime(), "mapped", corpus, Map.of("transforms", "map",
                "transforms.map.type", "io.cdckit.smt.mapping.FieldMapper$Value",
                "transforms.map.rename", "email:mail",
                "transforms.map.cast", "id:string",
                "transforms.map.missing.fields", "fail"), (int) otherEvents);
        List<DecodedRecord> out = run.out();
        List<ConsumerRecord<byte[], byte[]>> dlq = run.deadLetters();

        assertEquals(corpus.size(), out.size() + dlq.size(), "every record is in the output or in the DLQ");
        int mapped = 0;
        for (DecodedRecord r : out) {
            if (r.value instanceof Struct v && v.schema().field("after") != null) {
                for (String image : List.of("before", "after")) {
                    Struct row = v.getStruct(image);
                    if (row != null) {
                        assertNull(row.schema().field("email"), "renamed in the " + image + " image");
                        assertTrue(row.schema().field("mail") != null);
                        assertTrue(row.get("id") instanceof String, "cast in the " + image + " image");
                    }
                }
                mapped++;
            }
        }
        assertEquals(customerEvents, mapped, "each customers change event, both images mapped");
        if (WorkerMetrics.pluginMetricsSupported()) {
            WorkerMetrics.PluginMBean map = run.transform("map");
            assertEquals(corpus.size(), map.number(CdcTransform.RECORDS_IN));
            assertEquals(dlq.size(), map.number(CdcTransform.RECORDS_FAILED));
            assertEquals(out.size(), map.number(CdcTransform.RECORDS_OUT));
        }
    }
}
