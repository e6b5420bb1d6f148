package io.cdckit.smt.routing;

import io.cdckit.core.cdc.Operation;
import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.config.Validators;
import io.cdckit.core.record.Records;
import io.cdckit.core.transform.CdcTransform;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends change events to a topic per operation, no scripting: {@code topic.delete=${topic}.deleted}
 * sends deletes to a topic of their own, {@code topic.format=${topic}.${operation}} gives every
 * operation one. Topics are templates ({@link TopicTemplate}) over the input topic, the op and the
 * envelope's source fields, compiled at configure time; an empty configuration changes nothing.
 *
 * <p>The operation is read before {@code Unwrap} from the envelope, after it from the header or
 * field {@code Unwrap} added ({@code op.source}), and the source fields from the same envelope or
 * from what {@code Unwrap} added beside the op ({@link OpSource.Located}). A tombstone follows its
 * delete: the router remembers, per input topic and key, the topic it gave the last delete (at most
 * {@code tombstone.memory.size} keys), so that log compaction removes the row in the topic it went
 * to. A tombstone it has no delete for goes to {@code topic.tombstone}, else to {@code topic.delete}
 * rendered from its own topic, where source fields are empty. Records without an operation
 * (heartbeats, schema changes, plain rows) keep their topic, or go to {@code topic.other}. A source
 * field without a text or number value, or a rendered name Kafka refuses, is a data error.
 *
 * @param <R> the record type
 */
public class OperationRouter<R extends ConnectRecord<R>> extends CdcTransform<R> {

    public static final String TOPIC_FORMAT = "topic.format";
    public static final String TOPIC_CREATE = "topic.create";
    public static final String TOPIC_UPDATE = "topic.update";
    public static final String TOPIC_DELETE = "topic.delete";
    public static final String TOPIC_READ = "topic.read";
    public static final String TOPIC_TRUNCATE = "topic.truncate";
    public static final String TOPIC_MESSAGE = "topic.message";
    public static final String TOPIC_TOMBSTONE = "topic.tombstone";
    public static final String TOPIC_OTHER = "topic.other";
    public static final String OP_SOURCE = Operations.OP_SOURCE;
    public static final String TOMBSTONE_MEMORY_SIZE = "tombstone.memory.size";

    private static final Object[] NO_VALUES = new Object[0];

    /** The key of each operation's topic. */
    private static final Map<Operation, String> TOPIC_KEYS = new EnumMap<>(Map.of(
            Operation.CREATE, TOPIC_CREATE, Operation.UPDATE, TOPIC_UPDATE, Operation.DELETE, TOPIC_DELETE,
            Operation.READ, TOPIC_READ, Operation.TRUNCATE, TOPIC_TRUNCATE, Operation.MESSAGE, TOPIC_MESSAGE));

    public static final ConfigDef CONFIG_DEF = ConfigKeys.define()
            .string(TOPIC_FORMAT, "${topic}", "The topic of every operation whose own key is unset; the default keeps the "
                    + "topic.")
            .validator(withOp())
            .importance(ConfigDef.Importance.HIGH)
            .with(keys -> {
                for (Operation op : Operation.values()) {
                    keys.string(TOPIC_KEYS.get(op), null, "The topic of " + description(op) + "; unset: "
                                    + TOPIC_FORMAT + ".")
                            .validator(withOp())
                            .importance(ConfigDef.Importance.HIGH);
                }
            })
            .string(TOPIC_TOMBSTONE, null, "The topic of a tombstone whose delete the router does not remember; "
                    + "unset: " + TOPIC_DELETE + " rendered from the tombstone's topic, with empty source fields.")
            .validator(topicOnly())
            .importance(ConfigDef.Importance.MEDIUM)
            .string(TOPIC_OTHER, null, "The topic of a record with a value but no operation (a heartbeat, a "
                    + "schema change, a plain row); unset: its own topic.")
            .validator(topicOnly())
            .importance(ConfigDef.Importance.MEDIUM)
            .with(Operations::declareOpSource)
            .integer(TOMBSTONE_MEMORY_SIZE, 10_000, 0, 1_000_000, "How many keys the router remembers the "
                    + "topic of the last delete of, for their tombstones to follow; 0: none, every tombstone goes "
                    + "to " + TOPIC_TOMBSTONE + " or its fallback. Only used when a forgotten tombstone could go elsewhere "
                    + "than its delete: " + TOPIC_TOMBSTONE + " is set, or " + TOPIC_DELETE + " names a source field.")
            .importance(ConfigDef.Importance.LOW)
            .build();

    private final Map<Operation, TopicTemplate.Route> routes = new EnumMap<>(Operation.class);
    private TopicTemplate.Route unrememberedTombstones;
    private TopicTemplate.Route others;
    private OpSource source;
    /**
     * (input topic, key) of a delete -> the topic it went to, the least recently used forgotten first (a
     * tombstone comes right after its delete); null when tombstone.memory.size=0.
     */
    private Map<Object, String> deletes;

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    private static ConfigDef.Validator withOp() {
        return Validators.explained("a topic template with " + TopicTemplate.WITH_OP,
                v -> TopicTemplate.problem(v.toString(), true));
    }

    private static ConfigDef.Validator topicOnly() {
        return Validators.explained("a topic template with " + TopicTemplate.TOPIC_ONLY,
                v -> TopicTemplate.problem(v.toString(), false));
    }

    private static String description(Operation op) {
        return switch (op) {
            case CREATE -> "inserts (c)";
            case UPDATE -> "updates (u)";
            case DELETE -> "deletes (d)";
            case READ -> "snapshot reads (r)";
            case TRUNCATE -> "truncates (t)";
            case MESSAGE -> "logical-decoding messages (m)";
        };
    }

    // ------------------------------------------------------------------ config and plan

    @Override
    protected void configure(TransformConfig config) {
        int cacheSize = schemaCacheSize();
        TopicTemplate format = TopicTemplate.parse(config.getString(TOPIC_FORMAT));
        routes.clear();
        for (Operation op : Operation.values()) {
            String key = TOPIC_KEYS.get(op);
            String own = config.getString(key);
            routes.put(op, own == null ? format.route(TOPIC_FORMAT, op, cacheSize)
                    : TopicTemplate.parse(own).route(key, op, cacheSize));
        }
        String tombstone = config.getString(TOPIC_TOMBSTONE);
        TopicTemplate.Route deleteRoute = routes.get(Operation.DELETE);
        unrememberedTombstones = tombstone != null ? TopicTemplate.parse(tombstone).route(TOPIC_TOMBSTONE, null,
                cacheSize) : deleteRoute;
        String other = config.getString(TOPIC_OTHER);
        others = other == null ? null : TopicTemplate.parse(other).route(TOPIC_OTHER, null, cacheSize);
        source = OpSource.parse(config.getString(OP_SOURCE), cacheSize);
        measured(source.cache());
        int memory = config.getInt(TOMBSTONE_MEMORY_SIZE);
        // Without topic.tombstone, a delete route that reads no source field gives a forgotten
        // tombstone the topic its delete had: nothing to remember.
        boolean needed = tombstone != null || !deleteRoute.sourceFields().isEmpty();
        deletes = memory == 0 || !needed ? null : Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, String> eldest) {
                return size() > memory;
            }
        });
    }

    // ------------------------------------------------------------------ apply

    @Override
    protected R transform(R record) {
        String topic = record.topic();
        if (topic == null) {
            throw dataError(record, null, "has no topic to route from");
        }
        if (record.value() == null) {
            return tombstone(record, topic);
        }
        OpSource.Located located = source.locate(record);
        if (located == null) {
            return others == null ? record : routed(record, others, others.render(topic));
        }
        TopicTemplate.Route route = routes.get(located.op());
        String to = routed(route, record, topic, located);
        if (deletes != null && located.op() == Operation.DELETE && record.key() != null) {
            deletes.put(memoryKey(topic, record.key()), to);
        }
        return to.equals(topic) ? record : Records.withTopic(record, to);
    }

    private String routed(TopicTemplate.Route route, R record, String topic, OpSource.Located located) {
        List<String> fields = route.sourceFields();
        Object[] values = fields.isEmpty() ? NO_VALUES : new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            Object v = located.sourceField(fields.get(i));
            if (v == null) {
                throw dataError(record, null, route.key() + " names ${source." + fields.get(i)
                        + "}, which this record has no value for");
            }
            if (!(v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof Character)) {
                throw dataError(record, null, route.key() + " names ${source." + fields.get(i) + "}, which is a "
                        + v.getClass().getSimpleName() + " in this record, not a text or a number");
            }
            values[i] = v;
        }
        return checked(record, route, route.render(topic, values));
    }

    private R tombstone(R record, String topic) {
        String remembered = deletes == null || record.key() == null ? null
                : deletes.get(memoryKey(topic, record.key()));
        return remembered != null ? Records.withTopic(record, remembered)
                : routed(record, unrememberedTombstones, unrememberedTombstones.render(topic));
    }

    private R routed(R record, TopicTemplate.Route route, TopicTemplate.Rendered rendered) {
        String to = checked(record, route, rendered);
        return to.equals(record.topic()) ? record : Records.withTopic(record, to);
    }

    private String checked(R record, TopicTemplate.Route route, TopicTemplate.Rendered rendered) {
        if (rendered.problem() != null) {
            throw dataError(record, null, "the topic " + route.key() + " renders for it " + rendered.problem());
        }
        return rendered.topic();
    }

    /**
     * A key of the delete memory: the input topic and the record key, equal for equal keys. Connect
     * compares byte arrays by identity (inside a Struct's arrays and maps, a Map's values): they are
     * compared by content here, at any depth.
     */
    private static Object memoryKey(String topic, Object key) {
        return List.of(topic, canonical(key));
    }

    private static Object canonical(Object v) {
        if (v instanceof byte[] bytes) {
            return ByteBuffer.wrap(bytes);
        }
        if (v instanceof Struct s) {
            List<Object> values = new ArrayList<>(s.schema().fields().size() + 1);
            values.add(s.schema());
            for (Field f : s.schema().fields()) {
                values.add(canonical(s.get(f)));
            }
            return values;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(e -> out.add(canonical(e)));
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            Map<Object, Object> out = new HashMap<>();
            map.forEach((k, e) -> out.put(canonical(k), canonical(e)));
            return out;
        }
        return v == null ? NULL : v;
    }

    /** A null inside a key, which List.of cannot hold. */
    private static final Object NULL = new Object();
}
