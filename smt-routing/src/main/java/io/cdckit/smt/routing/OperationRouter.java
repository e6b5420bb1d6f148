package io.cdckit.smt.routing;

import io.cdckit.core.cdc.Operation;
import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.config.Validators;
import io.cdckit.core.record.Records;
import io.cdckit.core.transform.CdcTransform;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.EnumMap;
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
 * field {@code Unwrap} added ({@code op.source}). A tombstone follows its delete: the router
 * remembers, per input topic and key, the topic it gave the last delete (at most
 * {@code tombstone.memory.size} keys), so that log compaction removes the row in the topic it went
 * to. A tombstone it has no delete for goes to {@code topic.tombstone}, else to {@code topic.delete}
 * rendered from its own topic, where source fields are empty. Records without an operation
 * (heartbeats, schema changes, plain rows) keep their topic, or go to {@code topic.other}.
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
            .integer(TOMBSTONE_MEMORY_SIZE, 10_000, 0, Integer.MAX_VALUE, "How many keys the router remembers the "
                    + "topic of the last delete of, for their tombstones to follow; 0: none, every tombstone goes "
                    + "to " + TOPIC_TOMBSTONE + " or its fallback.")
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
            String own = config.getString(TOPIC_KEYS.get(op));
            routes.put(op, (own == null ? format : TopicTemplate.parse(own)).route(op, cacheSize));
        }
        String tombstone = config.getString(TOPIC_TOMBSTONE);
        unrememberedTombstones = tombstone != null ? TopicTemplate.parse(tombstone).route(null, cacheSize)
                : routes.get(Operation.DELETE);
        String other = config.getString(TOPIC_OTHER);
        others = other == null ? null : TopicTemplate.parse(other).route(null, cacheSize);
        source = OpSource.parse(config.getString(OP_SOURCE), cacheSize);
        measured(source.cache());
        int memory = config.getInt(TOMBSTONE_MEMORY_SIZE);
        deletes = memory == 0 ? null : Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
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
            return others == null ? record : routed(record, others.render(topic));
        }
        TopicTemplate.Route route = routes.get(located.op());
        List<String> fields = route.sourceFields();
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = located.sourceField(fields.get(i));
        }
        String to = route.render(topic, values);
        if (located.op() == Operation.DELETE && deletes != null && record.key() != null) {
            deletes.put(memoryKey(topic, record.key()), to);
        }
        return routed(record, to);
    }

    private R tombstone(R record, String topic) {
        String remembered = deletes == null || record.key() == null ? null
                : deletes.get(memoryKey(topic, record.key()));
        return routed(record, remembered != null ? remembered : unrememberedTombstones.render(topic));
    }

    /** Keys are equal by value: a Struct or a Map is, a byte array is compared by its content. */
    private static Object memoryKey(String topic, Object key) {
        return List.of(topic, key instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : key);
    }

    private R routed(R record, String to) {
        if (to.isEmpty()) {
            throw dataError(record, null, "its topic template rendered an empty topic name");
        }
        return to.equals(record.topic()) ? record : Records.withTopic(record, to);
    }
}
