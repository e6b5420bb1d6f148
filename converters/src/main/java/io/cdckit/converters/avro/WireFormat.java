package io.cdckit.converters.avro;

import org.apache.kafka.connect.errors.DataException;

/**
 * Confluent's wire format: magic byte 0, the schema id as a 4-byte big-endian int, then the Avro
 * binary encoding of the datum. Confluent's, Apicurio's (in its Confluent-compatible mode) and
 * Karapace's clients read and write it.
 */
final class WireFormat {

    static final byte MAGIC = 0;
    static final int HEADER = 5;

    private WireFormat() {
    }

    /** The schema id of a framed message, or a DataException saying what is wrong with the framing. */
    static int schemaId(String topic, byte[] bytes) {
        if (bytes.length < HEADER) {
            throw new DataException("AvroConverter: message on topic '" + topic + "' is " + bytes.length
                    + " bytes long, shorter than the 5-byte Confluent wire-format header");
        }
        if (bytes[0] != MAGIC) {
            throw new DataException("AvroConverter: message on topic '" + topic + "' starts with byte "
                    + (bytes[0] & 0xff) + ", not the Confluent wire-format magic byte 0 (not written by an Avro "
                    + "serializer with a schema registry?)");
        }
        return ((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff);
    }
}
