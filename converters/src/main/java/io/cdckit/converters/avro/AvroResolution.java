package io.cdckit.converters.avro;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.connect.errors.DataException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Converts a datum of one Avro schema into another with Avro's own schema resolution. */
final class AvroResolution {

    private AvroResolution() {
    }

    static Object convert(Object datum, Schema from, Schema to) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(128);
            BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
            new GenericDatumWriter<Object>(from).write(datum, enc);
            enc.flush();
            return new GenericDatumReader<Object>(from, to).read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        } catch (IOException | RuntimeException e) {
            throw new DataException("AvroConverter: cannot resolve " + from.getFullName() + " to the registered schema "
                    + to.getFullName() + ": " + e.getClass().getSimpleName(), e);
        }
    }
}
