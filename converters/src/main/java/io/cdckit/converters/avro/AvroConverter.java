/*
 * Over 400 lines because a converter's two directions share their per-topic plans, the registry
 * and the configuration: writing (compile a plan per schema: subject, compatibility check,
 * registration, compiled writer) and reading (a plan per schema id: writer's and reader's schema,
 * compiled reader) are each one section below, the configuration is the first; its metrics (records,
 * plan caches, registry calls) and the once-per-schema log lines sit with the code they count.
 */
package io.cdckit.converters.avro;

import io.cdckit.core.CdckitVersion;
import io.cdckit.core.cache.PlanCache;
import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.config.Validators;
import io.cdckit.core.metrics.Counter;
import io.cdckit.core.metrics.PluginMetricsBridge;
import io.cdckit.core.metrics.PluginStats;
import io.cdckit.converters.compat.CompatibilityChecker;
import io.cdckit.converters.compat.CompatibilityLevel;
import io.cdckit.converters.compat.CompatibilityResult;
import io.cdckit.converters.compat.VersionedSchema;
import io.cdckit.converters.registry.IncompatibleSchemaException;
import io.cdckit.converters.registry.MeteredSchemaRegistry;
import io.cdckit.converters.registry.SchemaRegistries;
import io.cdckit.converters.registry.SchemaRegistry;
import io.cdckit.converters.registry.SchemaVersion;

import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.storage.Converter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A Kafka Connect converter for Avro in Confluent's wire format with a Confluent-API schema registry,
 * that checks compatibility before it registers anything: an incompatible schema is never
 * registered, and the record fails with an explanation of every incompatibility (field path, kind,
 * old and new types, subject and version). Sinks can read every record with one schema
 * ({@code read.schema=latest} or a version), whatever version wrote it.
 */
public class AvroConverter extends PluginMetricsBridge implements Converter, Versioned {

    private static final Logger LOG = LoggerFactory.getLogger(AvroConverter.class);

    public static final String SCHEMA_REGISTRY_URL = SchemaRegistries.URL;
    public static final String BASIC_AUTH_SOURCE = SchemaRegistries.BASIC_AUTH_SOURCE;
    public static final String BASIC_AUTH_USER_INFO = SchemaRegistries.BASIC_AUTH_USER_INFO;
    public static final String BEARER_AUTH_TOKEN = SchemaRegistries.BEARER_TOKEN;
    public static final String TRUSTSTORE_LOCATION = SchemaRegistries.TRUSTSTORE_LOCATION;
    public static final String TRUSTSTORE_PASSWORD = SchemaRegistries.TRUSTSTORE_PASSWORD;
    public static final String TRUSTSTORE_TYPE = SchemaRegistries.TRUSTSTORE_TYPE;
    public static final String CONNECT_TIMEOUT_MS = SchemaRegistries.CONNECT_TIMEOUT_MS;
    public static final String REQUEST_TIMEOUT_MS = SchemaRegistries.REQUEST_TIMEOUT_MS;
    public static final String MAX_RETRIES = SchemaRegistries.MAX_RETRIES;
    public static final String RETRIES_WAIT_MS = SchemaRegistries.RETRIES_WAIT_MS;
    public static final String RETRIES_MAX_WAIT_MS = SchemaRegistries.RETRIES_MAX_WAIT_MS;
    public static final String SUBJECT_NONE_MEANS_UNSET = SchemaRegistries.SUBJECT_NONE_MEANS_UNSET;
    public static final String AUTO_REGISTER = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String COMPATIBILITY_LEVEL = "compatibility.level";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    public static final String READ_SCHEMA = "read.schema";
    public static final String SCHEMA_CACHE_SIZE = "schema.cache.size";

    /** Metric names, in the worker's {@code plugins} group (tags: connector, task, converter=key|value). */
    public static final String RECORDS_CONVERTED = "records-converted-total";
    public static final String RECORDS_FAILED = "records-failed-total";
    public static final String PLAN_CACHE_SIZE = PlanCache.SIZE_METRIC;
    public static final String PLAN_CACHE_HIT_RATIO = PlanCache.HIT_RATIO_METRIC;

    private static final List<String> LEVELS = List.of("registry", "NONE", "BACKWARD", "BACKWARD_TRANSITIVE",
            "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE");
    private static final List<String> STRATEGIES = List.of("topic", "record", "topic-record",
            "io.confluent.kafka.serializers.subject.TopicNameStrategy",
            "io.confluent.kafka.serializers.subject.RecordNameStrategy",
            "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy");

    public static final ConfigDef CONFIG_DEF = ConfigKeys.define()
            .list(SCHEMA_REGISTRY_URL, "Schema registry base URLs (Confluent REST API), tried in order on failure; "
                    + "e.g. http://registry:8081, or Apicurio's http://registry:8080/apis/ccompat/v7. "
                    + "mem://<scope> is an in-process registry with the same rules, for demos and quick starts "
                    + "(not for production: it is lost on restart and not shared between workers); like Confluent's "
                    + "registry it starts with the global compatibility level BACKWARD. Credentials in a "
                    + "URL (user:password@host, see basic.auth.credentials.source) are never shown in messages.")
            .required()
            .validator(SchemaRegistries.urlValidator())
            .importance(ConfigDef.Importance.HIGH)
            .string(BASIC_AUTH_SOURCE, "USER_INFO", "Where basic auth credentials come from: USER_INFO ("
                    + "basic.auth.user.info) or URL (user:password@ in the registry URL).")
            .validator(Validators.oneOf(List.of("USER_INFO", "URL")))
            .password(BASIC_AUTH_USER_INFO, "Basic auth credentials as user:password (a config provider "
                    + "reference such as ${file:/path/to/secrets:registry} works).")
            .password(BEARER_AUTH_TOKEN, "A bearer token sent as Authorization: Bearer <token> (not together "
                    + "with basic.auth.user.info).")
            .rule(SchemaRegistries::notBothAuthentications)
            .string(TRUSTSTORE_LOCATION, null, "Trust store for https registry URLs.")
            .password(TRUSTSTORE_PASSWORD, "Password of the trust store.")
            .string(TRUSTSTORE_TYPE, "PKCS12", "Type of the trust store (PKCS12, JKS).")
            .integer(CONNECT_TIMEOUT_MS, 10_000, 1, Integer.MAX_VALUE, "Timeout to connect to the registry.")
            .integer(REQUEST_TIMEOUT_MS, 30_000, 1, Integer.MAX_VALUE, "Timeout of one registry request.")
            .integer(MAX_RETRIES, 3, 0, 100, "Retry rounds over all registry URLs after connection errors, "
                    + "timeouts, 5xx and 429, with exponential backoff; then the record fails with a "
                    + "RetriableException, which Connect retries only within the connector's errors.retry.timeout "
                    + "(default 0: no retry; the task fails, or with errors.tolerance=all the record is skipped). "
                    + "Records whose schemas are cached keep flowing while the registry is unreachable.")
            .integer(RETRIES_WAIT_MS, 200, 0, 600_000, "First backoff between retry rounds; doubles each round.")
            .integer(RETRIES_MAX_WAIT_MS, 5_000, 0, 600_000, "Longest backoff between retry rounds.")
            .bool(SUBJECT_NONE_MEANS_UNSET, false, "Treat a subject compatibility of NONE as unset and use the "
                    + "global level (Apicurio answers NONE for subjects without their own setting).")
            .importance(ConfigDef.Importance.LOW)
            .bool(AUTO_REGISTER, true, "Whether a new schema is registered (after the compatibility check). "
                    + "When false, the schema must already be registered under the subject.")
            .bool(USE_LATEST_VERSION, false, "Write with the subject's latest registered schema when the "
                    + "record's schema is compatible with it (the latest schema can read it), instead of "
                    + "registering the record's schema.")
            .string(COMPATIBILITY_LEVEL, "registry", "The compatibility a new schema must have with the subject's "
                    + "history before it is registered: registry (the subject's level, else the registry's global "
                    + "level), NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE.")
            .validator(Validators.oneOf(LEVELS))
            .recommender(io.cdckit.core.config.Recommenders.of(LEVELS))
            .string(KEY_SUBJECT_NAME_STRATEGY, "topic", "Subject naming for keys: topic (<topic>-key), record "
                    + "(the record's full name) or topic-record (<topic>-<record name>); Confluent's strategy class "
                    + "names are accepted too.")
            .validator(Validators.oneOf(STRATEGIES))
            .string(VALUE_SUBJECT_NAME_STRATEGY, "topic", "Subject naming for values, as for keys (<topic>-value).")
            .validator(Validators.oneOf(STRATEGIES))
            .string(READ_SCHEMA, "writer", "The schema records are read with: writer (each record's own), latest "
                    + "(the subject's latest version: sinks see one schema while versions mix in a topic), or a "
                    + "version number.")
            .validator(readSchemaValidator())
            .integer(SCHEMA_CACHE_SIZE, 1000, 1, 1_000_000, "How many schemas and translations are cached.")
            .importance(ConfigDef.Importance.LOW)
            .build();

    private static ConfigDef.Validator readSchemaValidator() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return;
                }
                String s = value.toString().trim();
                if (s.equalsIgnoreCase("writer") || s.equalsIgnoreCase("latest")) {
                    return;
                }
                try {
                    if (Integer.parseInt(s) >= 1) {
                        return;
                    }
                } catch (NumberFormatException e) {
                    // fall through
                }
                throw new ConfigException(name, value, "must be writer, latest or a version number >= 1");
            }

            @Override
            public String toString() {
                return "writer, latest or a version number";
            }
        };
    }

    private boolean isKey;
    private SchemaRegistry registry;
    private AvroData avroData;
    private CompatibilityLevel level; // null: ask the registry
    private boolean autoRegister;
    private boolean useLatest;
    private SubjectNameStrategy strategy;
    private String readSchema;
    private Integer readVersion;
    private final CompatibilityChecker checker = new CompatibilityChecker();
    private int cacheSize;
    private final ConcurrentHashMap<String, TopicPlans> topics = new ConcurrentHashMap<>();
    private PlanCache<Integer, org.apache.avro.Schema> byId;
    private final ConcurrentHashMap<String, org.apache.avro.Schema> readers =
            new ConcurrentHashMap<>();
    private final PluginStats stats = new PluginStats();
    private final Counter converted = stats.counter(RECORDS_CONVERTED,
            "Records converted, in either direction (nulls included).");
    private final Counter failed = stats.counter(RECORDS_FAILED, "Records the converter failed on.");
    /** Refusals already logged, so that a refused schema is logged once, not once per record. */
    private final Set<String> refusalsLogged = ConcurrentHashMap.newKeySet();

    private final MeteredSchemaRegistry.Meters registryMeters = new MeteredSchemaRegistry.Meters(stats);

    public AvroConverter() {
        PlanCache.measure(stats, "Compiled plans kept: one per (topic, schema) written and per schema id read.",
                this::caches);
    }

    private Stream<PlanCache<?, ?>> caches() {
        return topics.values().stream().flatMap(p -> Stream.of(p.write, p.read));
    }

    /** This converter's metrics: through Kafka's plugin metrics on a 4.1+ worker, or read directly. */
    @Override
    public PluginStats pluginStats() {
        return stats;
    }

    @Override
    public String version() {
        return CdckitVersion.VERSION;
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        TransformConfig c = new TransformConfig(CONFIG_DEF, configs);
        this.isKey = isKey;
        String lv = c.getString(COMPATIBILITY_LEVEL).trim();
        this.level = lv.equalsIgnoreCase("registry") ? null : CompatibilityLevel.parse(lv);
        this.autoRegister = c.getBoolean(AUTO_REGISTER);
        this.useLatest = c.getBoolean(USE_LATEST_VERSION);
        this.strategy = SubjectNameStrategy.parse(c.getString(isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY));
        String rs = c.getString(READ_SCHEMA).trim();
        this.readSchema = rs.toLowerCase(Locale.ROOT);
        this.readVersion = rs.equalsIgnoreCase("writer") || rs.equalsIgnoreCase("latest") ? null : Integer.valueOf(rs);
        int cache = c.getInt(SCHEMA_CACHE_SIZE);
        this.cacheSize = cache;
        this.avroData = new AvroData(cache);
        close(); // configured again: the last configuration's client and plans go
        topics.clear();
        readers.clear();
        this.registry = new MeteredSchemaRegistry(SchemaRegistries.create(c.getList(SCHEMA_REGISTRY_URL), configs),
                registryMeters);
        this.byId = PlanCache.byEquality(cache, PlanCache.Failures.RETRIED, registry::getById);
    }

    /** The registry client in use (for tests and tools), without this converter's metering. */
    public SchemaRegistry registry() {
        return registry instanceof MeteredSchemaRegistry m ? m.delegate() : registry;
    }

    /**
     * The plans of one topic: write plans by Connect schema, read plans by schema id (a value key).
     * Failures are not cached: they depend on the registry's answer, which changes.
     */
    private final class TopicPlans {
        final PlanCache<Schema, WritePlan> write;
        final PlanCache<Integer, ReadPlan> read;

        TopicPlans(String topic) {
            write = PlanCache.of(cacheSize, PlanCache.Failures.RETRIED, schema -> compileWrite(topic, schema));
            read = PlanCache.byEquality(cacheSize, PlanCache.Failures.RETRIED, id -> compileRead(topic, id));
        }
    }

    private TopicPlans plans(String topic) {
        TopicPlans p = topics.get(topic);
        return p != null ? p : topics.computeIfAbsent(topic, TopicPlans::new);
    }

    // ---------------------------------------------------------------- writing

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        try {
            byte[] bytes = write(topic, schema, value);
            converted.increment();
            return bytes;
        } catch (RuntimeException e) {
            failed.increment();
            throw e;
        }
    }

    private byte[] write(String topic, Schema schema, Object value) {
        if (schema == null && value == null) {
            return null;
        }
        if (schema == null) {
            throw new DataException("AvroConverter: topic '" + topic + "' has a " + (isKey ? "key" : "value")
                    + " without a schema (" + value.getClass().getSimpleName() + "); Avro needs a Connect schema");
        }
        TopicPlans plans = plans(topic);
        WritePlan plan = plans.write.get(schema);
        if (plan.direct != null) {
            byte[] bytes = encodeDirect(plan, value);
            if (bytes != null) {
                return bytes;
            }
            // the value does not fit the schema: the generic route below fails naming the field
        }
        Object datum = avroData.fromConnectData(schema, value);
        if (plan.writeWith != plan.avro) {
            datum = AvroResolution.convert(datum, plan.avro, plan.writeWith);
        }
        return encode(plan, datum, topic);
    }

    private WritePlan compileWrite(String topic, Schema schema) {
        org.apache.avro.Schema avro = avroData.fromConnectSchema(schema);
        String subject = strategy.subject(topic, isKey, avro.getFullName());
        int id = resolveId(subject, avro);
        org.apache.avro.Schema registered = schemaById(id);
        LOG.debug("AvroConverter{}: write plan for {} on topic '{}': subject '{}', schema id {}", where(),
                avro.getFullName(), topic, subject, id);
        return new WritePlan(id, schema, avro, registered.equals(avro) ? avro : registered);
    }

    /**
     * How records of one Connect schema on one topic are written: the schema id, the Avro schema, and
     * either the compiled direct writer (when the record's own schema is the one written) or the
     * generic datum writer of the registered schema it is resolved to ({@code use.latest.version}).
     */
    private static final class WritePlan {
        final int id;
        final org.apache.avro.Schema avro;
        final org.apache.avro.Schema writeWith;
        final AvroBinary.Writer direct;
        final GenericDatumWriter<Object> writer;

        WritePlan(int id, Schema schema, org.apache.avro.Schema avro, org.apache.avro.Schema writeWith) {
            this.id = id;
            this.avro = avro;
            this.writeWith = writeWith;
            this.direct = writeWith == avro ? AvroBinary.writer(schema, avro) : null;
            this.writer = new GenericDatumWriter<>(writeWith);
        }
    }

    /** The record through the compiled writer, or null when it does not fit (nothing is thrown). */
    private static byte[] encodeDirect(WritePlan plan, Object value) {
        Buffers b = BUFFERS.get();
        BinaryEncoder enc = b.start(plan.id);
        try {
            plan.direct.write(value, enc);
            enc.flush();
            return b.out.toByteArray();
        } catch (IOException | RuntimeException e) {
            b.encoder = null; // it may hold part of the record
            return null;
        }
    }

    private byte[] encode(WritePlan plan, Object datum, String topic) {
        Buffers b = BUFFERS.get();
        BinaryEncoder enc = b.start(plan.id);
        try {
            plan.writer.write(datum, enc);
            enc.flush();
        } catch (IOException | RuntimeException e) {
            b.encoder = null;
            throw new DataException("AvroConverter: cannot encode a " + (isKey ? "key" : "value") + " of topic '"
                    + topic + "' with schema " + plan.writeWith.getFullName() + " (id " + plan.id + "): "
                    + e.getClass().getSimpleName(), e);
        }
        return b.out.toByteArray();
    }

    /** A reusable output buffer, encoder and decoder per thread: one exact-size array allocated per record. */
    private static final class Buffers {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        BinaryEncoder encoder;
        BinaryDecoder decoder;

        /** Empties the buffer, writes the wire-format header, and gives the encoder onto the buffer. */
        BinaryEncoder start(int id) {
            out.reset();
            out.write(WireFormat.MAGIC);
            out.write(id >>> 24);
            out.write(id >>> 16);
            out.write(id >>> 8);
            out.write(id);
            encoder = EncoderFactory.get().binaryEncoder(out, encoder);
            return encoder;
        }
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private int resolveId(String subject, org.apache.avro.Schema avro) {
        OptionalInt known = registry.lookup(subject, avro);
        if (known.isPresent()) {
            return known.getAsInt();
        }
        if (useLatest) {
            SchemaVersion latest = registry.latest(subject);
            if (latest != null) {
                CompatibilityResult r = checker.check(CompatibilityLevel.BACKWARD, latest.schema(),
                        List.of(new VersionedSchema(0, avro)));
                if (r.compatible()) {
                    return latest.id();
                }
                if (!autoRegister) {
                    throw new DataException("AvroConverter: the latest schema of subject '" + subject + "' (version "
                            + latest.version() + ") cannot read this record's schema, and auto.register.schemas=false:\n"
                            + r.explain(subject));
                }
            }
        }
        if (!autoRegister) {
            throw new DataException("AvroConverter: schema " + avro.getFullName() + " is not registered under subject '"
                    + subject + "', and auto.register.schemas=false");
        }
        CompatibilityLevel effective = level != null ? level : registryLevel(subject);
        if (effective != CompatibilityLevel.NONE) {
            List<VersionedSchema> history = history(subject, effective.isTransitive());
            if (!history.isEmpty()) {
                CompatibilityResult r = checker.check(effective, avro, history);
                if (!r.compatible()) {
                    logRefusal(subject, avro, "not " + effective + " compatible with its history");
                    throw new DataException("AvroConverter: not registered. " + r.explain(subject));
                }
            }
        }
        try {
            int id = registry.register(subject, avro);
            logRegistered(subject, avro, id);
            return id;
        } catch (IncompatibleSchemaException rejected) {
            logRefusal(subject, avro, "the registry refused it");
            // the registry enforces a rule we were not told about (Apicurio reports NONE for its
            // startup rule): explain against the latest version as BACKWARD, Confluent's default
            CompatibilityLevel explainAs = effective == CompatibilityLevel.NONE ? CompatibilityLevel.BACKWARD : effective;
            CompatibilityResult r = checker.check(explainAs, avro, history(subject, explainAs.isTransitive()));
            throw new DataException("AvroConverter: the registry refused the schema for subject '" + subject + "' ("
                    + rejected.getMessage() + ")" + (r.compatible() ? "" : ". " + r.explain(subject)), rejected);
        }
    }

    /**
     * Once per schema. The id only: the registration API answers no version, and asking for it would
     * cost a registry call on the record path.
     */
    private void logRegistered(String subject, org.apache.avro.Schema avro, int id) {
        LOG.info("AvroConverter{}: schema {} is registered under subject '{}' as id {}", where(), avro.getFullName(),
                subject, id);
    }

    /** Once per (subject, schema) and converter, as records of that schema keep failing. */
    private void logRefusal(String subject, org.apache.avro.Schema avro, String why) {
        if (refusalsLogged.size() < 10_000 && refusalsLogged.add(subject + '\u0000' + avro.hashCode())) {
            LOG.info("AvroConverter{}: schema {} is not registered under subject '{}': {}; records with it fail "
                    + "(the record's error explains each incompatibility)", where(), avro.getFullName(), subject, why);
        }
    }

    private String where() {
        return stats.where();
    }

    private CompatibilityLevel registryLevel(String subject) {
        String l = registry.compatibility(subject);
        return l == null ? CompatibilityLevel.NONE : CompatibilityLevel.parse(l);
    }

    private List<VersionedSchema> history(String subject, boolean all) {
        List<VersionedSchema> out = new ArrayList<>();
        if (all) {
            for (int v : registry.versions(subject)) {
                SchemaVersion sv = registry.version(subject, v);
                out.add(new VersionedSchema(sv.version(), sv.schema()));
            }
        } else {
            SchemaVersion latest = registry.latest(subject);
            if (latest != null) {
                out.add(new VersionedSchema(latest.version(), latest.schema()));
            }
        }
        return out;
    }

    private org.apache.avro.Schema schemaById(int id) {
        return byId.get(id);
    }

    // ---------------------------------------------------------------- reading

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        try {
            SchemaAndValue read = read(topic, value);
            converted.increment();
            return read;
        } catch (RuntimeException e) {
            failed.increment();
            throw e;
        }
    }

    private SchemaAndValue read(String topic, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        int id = WireFormat.schemaId(topic, value);
        TopicPlans plans = plans(topic);
        ReadPlan plan = plans.read.get(id);
        Decoding d = plan.decoding();
        if (d.direct != null) {
            Buffers b = BUFFERS.get();
            BinaryDecoder dec = DecoderFactory.get().binaryDecoder(value, WireFormat.HEADER,
                    value.length - WireFormat.HEADER, b.decoder);
            b.decoder = dec;
            try {
                return new SchemaAndValue(d.connect, d.direct.read(dec));
            } catch (IOException | RuntimeException e) {
                // truncated or foreign bytes: the generic route below fails with the explanation
            }
        }
        org.apache.avro.Schema reader = d.reader;
        Object datum;
        try {
            BinaryDecoder dec = DecoderFactory.get().binaryDecoder(value, WireFormat.HEADER,
                    value.length - WireFormat.HEADER, null);
            datum = d.generic.read(null, dec);
        } catch (IOException | RuntimeException e) {
            throw new DataException("AvroConverter: cannot decode a message on topic '" + topic + "' with schema id "
                    + id + (reader == plan.writer ? "" : " read as " + reader.getFullName()) + " (truncated, or not "
                    + "written with that schema): " + e.getClass().getSimpleName(), e);
        }
        return new SchemaAndValue(d.connect, avroData.toConnectData(reader, datum));
    }

    private ReadPlan compileRead(String topic, int id) {
        org.apache.avro.Schema writer;
        try {
            writer = schemaById(id);
        } catch (RetriableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DataException("AvroConverter: unknown schema id " + id + " in a message on topic '" + topic
                    + "' (" + e.getMessage() + ")", e);
        }
        LOG.debug("AvroConverter{}: read plan for schema id {} ({}) on topic '{}'", where(), id, writer.getFullName(),
                topic);
        if ("writer".equals(readSchema)) {
            return new ReadPlan(writer, null);
        }
        String subject = strategy.subject(topic, isKey, writer.getFullName());
        // a writer id not seen before may be a new version: refresh the subject's reader schema
        readers.put(subject, fetchReader(subject));
        return new ReadPlan(writer, subject);
    }

    private org.apache.avro.Schema fetchReader(String subject) {
        SchemaVersion sv = readVersion == null ? registry.latest(subject) : registry.version(subject, readVersion);
        if (sv == null) {
            throw new DataException("AvroConverter: read.schema=" + readSchema + " but subject '" + subject
                    + "' has no such version");
        }
        return sv.schema();
    }

    /** A datum reader that decodes Avro strings straight into {@code String}s (no intermediate {@code Utf8}). */
    private static final class StringDatumReader extends GenericDatumReader<Object> {
        StringDatumReader(org.apache.avro.Schema writer, org.apache.avro.Schema reader) {
            super(writer, reader);
        }

        @Override
        protected Object readString(Object old, org.apache.avro.Schema expected, org.apache.avro.io.Decoder in)
                throws IOException {
            return in.readString();
        }
    }

    /**
     * How the records of one writer schema are read with one reader schema: the Connect schema, the
     * compiled direct reader (when no schema resolution is needed) and Avro's generic datum reader
     * (schema resolution, and the explanation of bytes the direct reader cannot read).
     */
    private final class Decoding {
        final org.apache.avro.Schema reader;
        final Schema connect;
        final AvroBinary.Reader direct;
        final GenericDatumReader<Object> generic;

        Decoding(org.apache.avro.Schema writer, org.apache.avro.Schema reader) {
            this.reader = reader;
            this.connect = avroData.toConnectSchema(reader);
            this.direct = reader == writer || reader.equals(writer) ? AvroBinary.reader(reader, connect) : null;
            this.generic = new StringDatumReader(writer, reader);
        }
    }

    /** How records of one writer schema id on one topic are read. */
    private final class ReadPlan {
        final org.apache.avro.Schema writer;
        final String subject;
        private volatile Decoding last;

        ReadPlan(org.apache.avro.Schema writer, String subject) {
            this.writer = writer;
            this.subject = subject;
        }

        /** The decoding for the current reader schema (the subject's can change when a new version arrives). */
        Decoding decoding() {
            org.apache.avro.Schema reader = subject == null ? writer : readers.get(subject);
            Decoding d = last;
            if (d == null || d.reader != reader) {
                d = new Decoding(writer, reader);
                last = d;
            }
            return d;
        }
    }

    /** Closes the registry client ({@code Converter} is {@code Closeable} from Kafka 4; 3.9 never calls it). */
    public void close() {
        if (registry != null) {
            try {
                registry.close();
            } catch (Exception e) {
                // closing a client: nothing to do
            }
        }
    }

}
