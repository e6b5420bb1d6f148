package io.cdckit.bench;

import io.apicurio.registry.rest.client.RegistryClient;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.cdckit.converters.avro.AvroData;

import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.Converter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The value converters compared by {@link ConverterBenchmark}, by the name used in its {@code impl}
 * parameter. Each one turns a Connect (schema, value) into bytes and back. Inputs are first passed
 * through {@link #prepare}, outside the timed region: the identity for the converters, the Avro
 * {@code GenericRecord} (cdckit's {@code AvroData} translation) for {@code raw_avro}.
 */
public abstract class Codec {

    /** The implementations, in table order. */
    public enum Kind {
        /** cdckit's {@code io.cdckit.converters.avro.AvroConverter}, in-process registry {@code mem://bench}. */
        CDCKIT("cdckit", "cdckit AvroConverter", CdckitCodec::new),
        /** Apicurio 2.6's Connect {@code AvroConverter}, on an in-process client ({@link InMemoryApicurioClient}). */
        APICURIO("apicurio", "Apicurio AvroConverter", ApicurioCodec::new),
        /** Kafka's {@code JsonConverter}, {@code schemas.enable=true}. */
        JSON_SCHEMAS("json_schemas", "JsonConverter (schemas on)", () -> new JsonCodec(true)),
        /** Kafka's {@code JsonConverter}, {@code schemas.enable=false}. */
        JSON_PLAIN("json_plain", "JsonConverter (schemas off)", () -> new JsonCodec(false)),
        /** The floor: Avro's {@code GenericDatumWriter}/{@code GenericDatumReader} on the translated records. */
        RAW_AVRO("raw_avro", "raw Avro", RawAvroCodec::new);

        public final String label;
        public final String title;
        private final Supplier<Codec> factory;

        Kind(String label, String title, Supplier<Codec> factory) {
            this.label = label;
            this.title = title;
            this.factory = factory;
        }

        public Codec create() {
            return factory.get();
        }

        public static Kind of(String label) {
            for (Kind k : values()) {
                if (k.label.equals(label)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown impl '" + label + "'");
        }
    }

    /** What {@link #serialize} takes for this (schema, value): computed once, at set-up. */
    public Object prepare(String topic, Schema schema, Object value) {
        return value;
    }

    /** Connect to bytes ({@code fromConnectData}). */
    public abstract byte[] serialize(String topic, Schema schema, Object prepared);

    /** Bytes to Connect ({@code toConnectData}); {@code prepared} is what {@link #prepare} gave for the same record. */
    public abstract Object deserialize(String topic, byte[] bytes, Object prepared);

    public void close() {
    }

    /** A Kafka Connect value converter. */
    static class ConverterCodec extends Codec {
        final Converter converter;

        ConverterCodec(Converter converter) {
            this.converter = converter;
        }

        @Override
        public byte[] serialize(String topic, Schema schema, Object value) {
            return converter.fromConnectData(topic, schema, value);
        }

        @Override
        public Object deserialize(String topic, byte[] bytes, Object prepared) {
            return converter.toConnectData(topic, bytes);
        }

        @Override
        public void close() {
            try {
                if (converter instanceof AutoCloseable) {
                    ((AutoCloseable) converter).close();
                }
            } catch (Exception e) {
                // closing a converter: nothing to do
            }
        }
    }

    static final class CdckitCodec extends ConverterCodec {
        CdckitCodec() {
            super(configured(new io.cdckit.converters.avro.AvroConverter(),
                    Map.of("schema.registry.url", "mem://bench")));
        }
    }

    static final class ApicurioCodec extends ConverterCodec {
        final RegistryClient client;

        ApicurioCodec() {
            this(InMemoryApicurioClient.create());
        }

        private ApicurioCodec(RegistryClient client) {
            super(configured(new io.apicurio.registry.utils.converter.AvroConverter<>(), Map.of(
                    // the serde instances, built on the in-process client (the converter takes instances here)
                    "apicurio.registry.converter.serializer", new AvroKafkaSerializer<>(client),
                    "apicurio.registry.converter.deserializer", new AvroKafkaDeserializer<>(client),
                    "apicurio.registry.auto-register", "true",
                    // Confluent's wire format (magic byte, 4-byte content id), as cdckit writes
                    "apicurio.registry.as-confluent", "true")));
            this.client = client;
        }
    }

    static final class JsonCodec extends ConverterCodec {
        JsonCodec(boolean schemas) {
            super(configured(new JsonConverter(), Map.of("schemas.enable", Boolean.toString(schemas))));
        }
    }

    static Converter configured(Converter c, Map<String, ?> config) {
        c.configure(config, false);
        return c;
    }

    /**
     * Avro alone: the record already translated to a {@code GenericRecord} by cdckit's {@code AvroData}
     * ({@link #prepare}), encoded with a {@code GenericDatumWriter} to a new byte array (no wire-format
     * header), decoded with a {@code GenericDatumReader} (writer schema = reader schema) to a new
     * {@code GenericRecord}. Encoder, decoder and output buffer are reused, writers and readers are built
     * once per schema.
     */
    static final class RawAvroCodec extends Codec {
        private final AvroData avroData = new AvroData(1000);
        private final Map<Schema, Prepared> bySchema = new IdentityHashMap<>();
        private final Map<org.apache.avro.Schema, Prepared> byAvro = new HashMap<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        private BinaryEncoder encoder;
        private BinaryDecoder decoder;

        /** One Avro schema's writer and reader, and one record's datum. */
        static final class Record {
            final Prepared plan;
            final Object datum;

            Record(Prepared plan, Object datum) {
                this.plan = plan;
                this.datum = datum;
            }
        }

        static final class Prepared {
            final GenericDatumWriter<Object> writer;
            final GenericDatumReader<Object> reader;

            Prepared(org.apache.avro.Schema s) {
                writer = new GenericDatumWriter<>(s);
                reader = new GenericDatumReader<>(s, s);
            }
        }

        @Override
        public Object prepare(String topic, Schema schema, Object value) {
            Prepared p = bySchema.computeIfAbsent(schema,
                    s -> byAvro.computeIfAbsent(avroData.fromConnectSchema(s), Prepared::new));
            return new Record(p, avroData.fromConnectData(schema, value));
        }

        @Override
        public byte[] serialize(String topic, Schema schema, Object prepared) {
            Record r = (Record) prepared;
            out.reset();
            BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, encoder);
            encoder = enc;
            try {
                r.plan.writer.write(r.datum, enc);
                enc.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        @Override
        public Object deserialize(String topic, byte[] bytes, Object prepared) {
            BinaryDecoder dec = DecoderFactory.get().binaryDecoder(bytes, decoder);
            decoder = dec;
            try {
                return ((Record) prepared).plan.reader.read(null, dec);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
