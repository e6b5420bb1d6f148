/*
 * Over 400 lines because the writers and readers are one tree of node classes per direction,
 * private to this file, that must stay in step with each other and with AvroData's mapping.
 */
package io.cdckit.converters.avro;

import io.cdckit.core.record.RawStructs;

import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Connect values written straight to Avro binary, and Avro binary read straight into Connect values,
 * with no Avro {@code GenericRecord} in between: the "compile per schema, apply per record" half of
 * the converter. A {@link Writer} or {@link Reader} is compiled once for a pair of schemas that
 * {@link AvroData} translated into each other, and is a tree of small nodes that only move values.
 * A record reader keeps its leaf fields (primitives, logical types, optional ones among them) as
 * slots read by a switch in its own loop, so that only arrays, maps, nested records and unions of
 * several types cost a call through a node.
 *
 * <p>The nodes check nothing beyond what a cast checks, and they build no field paths: when one throws
 * (a value of the wrong class, a struct of another schema, a required field without value, bytes that
 * end early), the converter runs the record again through {@link AvroData} and Avro's generic datum
 * writer or reader, which fail with the message that names the field path and the types. For valid
 * input both routes give the same bytes and the same Connect values (the converter tests compare them).
 */
final class AvroBinary {

    private AvroBinary() {
    }

    /** Writes one Connect value of the schema it was compiled for. */
    interface Writer {
        void write(Object value, Encoder out) throws IOException;
    }

    /** Reads one value of the Avro schema it was compiled for, as a Connect value. */
    interface Reader {
        Object read(Decoder in) throws IOException;
    }

    /** Thrown by a node for input the generic route must explain; carries no value. */
    static final class Mismatch extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Mismatch() {
            super(null, null, false, false);
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * The writer of Connect values of {@code s} as Avro binary of {@code a}, which must be
     * {@link AvroData#fromConnectSchema AvroData.fromConnectSchema(s)}.
     */
    static Writer writer(Schema s, org.apache.avro.Schema a) {
        Writer inner = nonNullWriter(s, nonNull(a));
        if (a.getType() == org.apache.avro.Schema.Type.UNION) {
            int nullIndex = a.getTypes().get(0).getType() == org.apache.avro.Schema.Type.NULL ? 0 : 1;
            return new OptionalWriter(nullIndex, 1 - nullIndex, inner);
        }
        Object dflt = s.defaultValue();
        return dflt == null ? new RequiredWriter(inner) : new DefaultingWriter(dflt, inner);
    }

    private static org.apache.avro.Schema nonNull(org.apache.avro.Schema a) {
        if (a.getType() != org.apache.avro.Schema.Type.UNION) {
            return a;
        }
        for (org.apache.avro.Schema t : a.getTypes()) {
            if (t.getType() != org.apache.avro.Schema.Type.NULL) {
                return t;
            }
        }
        throw new IllegalArgumentException("a union without a non-null branch");
    }

    private static Writer nonNullWriter(Schema s, org.apache.avro.Schema a) {
        String name = s.name();
        switch (s.type()) {
            case INT8:
                return (v, out) -> out.writeInt((Byte) v);
            case INT16:
                return (v, out) -> out.writeInt((Short) v);
            case INT32:
                if (Date.LOGICAL_NAME.equals(name)) {
                    return (v, out) -> out.writeInt(Date.fromLogical(s, (java.util.Date) v));
                }
                if (Time.LOGICAL_NAME.equals(name)) {
                    return (v, out) -> out.writeInt(Time.fromLogical(s, (java.util.Date) v));
                }
                return (v, out) -> out.writeInt((Integer) v);
            case INT64:
                if (Timestamp.LOGICAL_NAME.equals(name)) {
                    return (v, out) -> out.writeLong(Timestamp.fromLogical(s, (java.util.Date) v));
                }
                return (v, out) -> out.writeLong((Long) v);
            case FLOAT32:
                return (v, out) -> out.writeFloat((Float) v);
            case FLOAT64:
                return (v, out) -> out.writeDouble((Double) v);
            case BOOLEAN:
                return (v, out) -> out.writeBoolean((Boolean) v);
            case STRING:
                return (v, out) -> out.writeString(((CharSequence) v).toString());
            case BYTES:
                if (Decimal.LOGICAL_NAME.equals(name)) {
                    return (v, out) -> out.writeBytes(Decimal.fromLogical(s, (BigDecimal) v));
                }
                return (v, out) -> {
                    if (v instanceof byte[]) {
                        out.writeBytes((byte[]) v);
                    } else {
                        out.writeBytes(((ByteBuffer) v).duplicate());
                    }
                };
            case ARRAY:
                return new ArrayWriter(writer(s.valueSchema(), a.getElementType()));
            case MAP:
                if (a.getType() == org.apache.avro.Schema.Type.MAP) {
                    return new StringMapWriter(writer(s.valueSchema(), a.getValueType()));
                }
                org.apache.avro.Schema entry = a.getElementType();
                return new EntryArrayWriter(writer(s.keySchema(), entry.getFields().get(0).schema()),
                    writer(s.valueSchema(), entry.getFields().get(1).schema()));
            case STRUCT: {
                List<Field> fields = s.fields();
                List<org.apache.avro.Schema.Field> afields = a.getFields();
                Writer[] writers = new Writer[fields.size()];
                for (int i = 0; i < writers.length; i++) {
                    writers[i] = writer(fields.get(i).schema(), afields.get(i).schema());
                }
                return new StructWriter(s, writers);
            }
            default:
                throw new IllegalArgumentException("Connect type " + s.type());
        }
    }

    /** An optional Connect schema as a union with null: a null value stays null, also when there is a default. */
    private static final class OptionalWriter implements Writer {
        private final int nullIndex;
        private final int valueIndex;
        private final Writer inner;

        OptionalWriter(int nullIndex, int valueIndex, Writer inner) {
            this.nullIndex = nullIndex;
            this.valueIndex = valueIndex;
            this.inner = inner;
        }

        @Override
        public void write(Object v, Encoder out) throws IOException {
            if (v == null) {
                out.writeIndex(nullIndex);
                out.writeNull();
            } else {
                out.writeIndex(valueIndex);
                inner.write(v, out);
            }
        }
    }

    /** A required Connect schema with a default: the default stands in for null, as {@code Struct.get} does. */
    private static final class DefaultingWriter implements Writer {
        private final Object dflt;
        private final Writer inner;

        DefaultingWriter(Object dflt, Writer inner) {
            this.dflt = dflt;
            this.inner = inner;
        }

        @Override
        public void write(Object v, Encoder out) throws IOException {
            inner.write(v == null ? dflt : v, out);
        }
    }

    private static final class RequiredWriter implements Writer {
        private final Writer inner;

        RequiredWriter(Writer inner) {
            this.inner = inner;
        }

        @Override
        public void write(Object v, Encoder out) throws IOException {
            if (v == null) {
                throw new Mismatch();
            }
            inner.write(v, out);
        }
    }

    private static final class StructWriter implements Writer {
        private final Schema schema;
        private final Field[] fields;
        private final Writer[] writers;

        StructWriter(Schema schema, Writer[] writers) {
            this.schema = schema;
            this.fields = schema.fields().toArray(new Field[0]);
            this.writers = writers;
        }

        @Override
        public void write(Object v, Encoder out) throws IOException {
            Struct struct = (Struct) v;
            Schema vs = struct.schema();
            if (vs != schema && !vs.equals(schema)) {
                throw new Mismatch();
            }
            Object[] raw = RawStructs.read(struct);
            for (int i = 0; i < writers.length; i++) {
                Field f = fields[i];
                writers[i].write(raw != null ? raw[f.index()] : RawStructs.get(struct, f), out);
            }
        }
    }

    private static final class ArrayWriter implements Writer {
        private final Writer item;

        ArrayWriter(Writer item) {
            this.item = item;
        }

        @Override
        public void write(Object v, Encoder out) throws IOException {
            Collection<?> list = (Collection<?>) v;
            out.writeArrayStart();
            out.setItemCount(list.size());
            for (Object o : list) {
                out.startItem();
                item.write(o, out);
            }
            out.writeArrayEnd();
        }
    }

    private static final class StringMapWriter implements Writer {
        private final Writer value;

        StringMapWriter(Writer value) {
            this.value = value;
        }

        @Override
        public void write(Object v, Encoder out) throws IOException {
            Map<?, ?> map = (Map<?, ?>) v;
            out.writeMapStart();
            out.setItemCount(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.startItem();
                out.writeString((String) e.getKey());
                value.write(e.getValue(), out);
            }
            out.writeMapEnd();
        }
    }

    /** A Connect map with keys other than plain strings: an Avro array of {key, value} records. */
    private static final class EntryArrayWriter implements Writer {
        private final Writer key;
        private final Writer value;

        EntryArrayWriter(Writer key, Writer value) {
            this.key = key;
            this.value = value;
        }

        @Override
        public void write(Object v, Encoder out) throws IOException {
            Map<?, ?> map = (Map<?, ?>) v;
            out.writeArrayStart();
            out.setItemCount(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.startItem();
                key.write(e.getKey(), out);
                value.write(e.getValue(), out);
            }
            out.writeArrayEnd();
        }
    }

    // ------------------------------------------------------------------ reading

    /**
     * The reader of Avro binary of {@code a} as Connect values of {@code s}, which must be
     * {@link AvroData#toConnectSchema AvroData.toConnectSchema(a)}; the binary must have been written
     * with {@code a} itself (no schema resolution).
     */
    static Reader reader(org.apache.avro.Schema a, Schema s) {
        if (a.getType() != org.apache.avro.Schema.Type.UNION) {
            return nonNullReader(a, s);
        }
        List<org.apache.avro.Schema> branches = a.getTypes();
        Reader[] byIndex = new Reader[branches.size()];
        boolean unionStruct = s.type() == Schema.Type.STRUCT && AvroData.UNION_NAME.equals(s.name())
            && branches.stream().filter(b -> b.getType() != org.apache.avro.Schema.Type.NULL).count() > 1;
        for (int i = 0; i < byIndex.length; i++) {
            org.apache.avro.Schema b = branches.get(i);
            if (b.getType() == org.apache.avro.Schema.Type.NULL) {
                byIndex[i] = nullReader(s);
            } else if (unionStruct) {
                Field f = s.field(AvroData.branchName(b));
                byIndex[i] = new BranchReader(s, f, nonNullReader(b, f.schema()));
            } else {
                byIndex[i] = nonNullReader(b, s);
            }
        }
        return new UnionReader(byIndex);
    }

    private static Reader nullReader(Schema s) {
        Object dflt = s.isOptional() ? null : s.defaultValue();
        if (!s.isOptional() && dflt == null) {
            return in -> {
                throw new Mismatch();
            };
        }
        return in -> {
            in.readNull();
            return dflt;
        };
    }

    /** Kinds of leaf values, read by {@link #readLeaf} without a call through a node. */
    private static final int NODE = 0;
    private static final int INT = 1;
    private static final int INT8 = 2;
    private static final int INT16 = 3;
    private static final int DATE = 4;
    private static final int TIME = 5;
    private static final int LONG = 6;
    private static final int TIMESTAMP = 7;
    private static final int FLOAT = 8;
    private static final int DOUBLE = 9;
    private static final int BOOLEAN = 10;
    private static final int STRING = 11;
    private static final int BYTES = 12;
    private static final int DECIMAL = 13;

    /** The leaf kind of a non-union Avro schema read as {@code s}, or {@link #NODE} when it needs a node. */
    private static int leafKind(org.apache.avro.Schema a, Schema s) {
        String name = s.name();
        switch (a.getType()) {
            case INT:
                switch (s.type()) {
                    case INT8:
                        return INT8;
                    case INT16:
                        return INT16;
                    default:
                        return Date.LOGICAL_NAME.equals(name) ? DATE : Time.LOGICAL_NAME.equals(name) ? TIME : INT;
                }
            case LONG:
                return Timestamp.LOGICAL_NAME.equals(name) ? TIMESTAMP : LONG;
            case FLOAT:
                return FLOAT;
            case DOUBLE:
                return DOUBLE;
            case BOOLEAN:
                return BOOLEAN;
            case STRING:
                return STRING;
            case BYTES:
                return Decimal.LOGICAL_NAME.equals(name) ? DECIMAL : BYTES;
            default:
                return NODE;
        }
    }

    private static Object readLeaf(int kind, Schema s, Decoder in) throws IOException {
        switch (kind) {
            case INT:
                return in.readInt();
            case INT8:
                return (byte) in.readInt();
            case INT16:
                return (short) in.readInt();
            case DATE:
                return Date.toLogical(s, in.readInt());
            case TIME:
                return Time.toLogical(s, in.readInt());
            case LONG:
                return in.readLong();
            case TIMESTAMP:
                return Timestamp.toLogical(s, in.readLong());
            case FLOAT:
                return in.readFloat();
            case DOUBLE:
                return in.readDouble();
            case BOOLEAN:
                return in.readBoolean();
            case STRING:
                return in.readString();
            case BYTES:
                return bytes(in);
            case DECIMAL:
                return Decimal.toLogical(s, bytes(in));
            default:
                throw new IllegalStateException("leaf kind " + kind);
        }
    }

    /** A leaf value outside a struct (an array item, a map value, a top-level value). */
    private static final class LeafReader implements Reader {
        private final int kind;
        private final Schema schema;

        LeafReader(int kind, Schema schema) {
            this.kind = kind;
            this.schema = schema;
        }

        @Override
        public Object read(Decoder in) throws IOException {
            return readLeaf(kind, schema, in);
        }
    }

    private static Reader nonNullReader(org.apache.avro.Schema a, Schema s) {
        int kind = leafKind(a, s);
        if (kind != NODE) {
            return new LeafReader(kind, s);
        }
        String name = s.name();
        switch (a.getType()) {
            case ENUM: {
                String[] symbols = a.getEnumSymbols().toArray(new String[0]);
                return in -> symbols[in.readEnum()];
            }
            case BYTES:
                if (Decimal.LOGICAL_NAME.equals(name)) {
                    return in -> Decimal.toLogical(s, bytes(in));
                }
                return AvroBinary::bytes;
            case FIXED: {
                int size = a.getFixedSize();
                boolean decimal = Decimal.LOGICAL_NAME.equals(name);
                return in -> {
                    byte[] b = new byte[size];
                    in.readFixed(b, 0, size);
                    return decimal ? Decimal.toLogical(s, b) : b;
                };
            }
            case ARRAY:
                if (s.type() == Schema.Type.MAP) {
                    org.apache.avro.Schema entry = a.getElementType();
                    return new EntryArrayReader(reader(entry.getFields().get(0).schema(), s.keySchema()),
                        reader(entry.getFields().get(1).schema(), s.valueSchema()));
                }
                return new ArrayReader(reader(a.getElementType(), s.valueSchema()));
            case MAP:
                return new StringMapReader(reader(a.getValueType(), s.valueSchema()));
            case RECORD:
                return new StructReader(a, s);
            default:
                throw new IllegalArgumentException("Avro type " + a.getType());
        }
    }

    /** Avro bytes as a byte array: the decoder's own buffer when it is exactly the array. */
    private static byte[] bytes(Decoder in) throws IOException {
        ByteBuffer bb = in.readBytes(null);
        if (bb.hasArray() && bb.arrayOffset() == 0 && bb.position() == 0 && bb.remaining() == bb.array().length) {
            return bb.array();
        }
        byte[] b = new byte[bb.remaining()];
        bb.get(b);
        return b;
    }

    private static final class UnionReader implements Reader {
        private final Reader[] byIndex;

        UnionReader(Reader[] byIndex) {
            this.byIndex = byIndex;
        }

        @Override
        public Object read(Decoder in) throws IOException {
            return byIndex[in.readIndex()].read(in);
        }
    }

    /** One branch of a union of several non-null types: a struct with that branch's field set. */
    private static final class BranchReader implements Reader {
        private final Schema union;
        private final Field field;
        private final Reader inner;

        BranchReader(Schema union, Field field, Reader inner) {
            this.union = union;
            this.field = field;
            this.inner = inner;
        }

        @Override
        public Object read(Decoder in) throws IOException {
            return new Struct(union).put(field, inner.read(in));
        }
    }

    /**
     * A record as a Struct. Its fields are compiled to slots: leaf values (also optional ones, a union
     * of null and a leaf) are read in the loop by kind, only other values go through a node.
     */
    private static final class StructReader implements Reader {
        private final Schema schema;
        private final Field[] fields;
        /** The leaf kind of each field's value, or NODE. */
        private final int[] kinds;
        /** For a union of null and one type: the branch index of null, else -1. */
        private final int[] nullIndex;
        private final Schema[] schemas;
        private final Reader[] nodes;
        private final RawStructs.Writer writer;

        StructReader(org.apache.avro.Schema a, Schema s) {
            this.schema = s;
            this.fields = s.fields().toArray(new Field[0]);
            int n = fields.length;
            kinds = new int[n];
            nullIndex = new int[n];
            schemas = new Schema[n];
            nodes = new Reader[n];
            List<org.apache.avro.Schema.Field> afields = a.getFields();
            for (int i = 0; i < n; i++) {
                org.apache.avro.Schema fa = afields.get(i).schema();
                Schema fs = fields[i].schema();
                schemas[i] = fs;
                nullIndex[i] = -1;
                org.apache.avro.Schema value = fa;
                if (fa.getType() == org.apache.avro.Schema.Type.UNION && fa.getTypes().size() == 2) {
                    int nul = fa.getTypes().get(0).getType() == org.apache.avro.Schema.Type.NULL ? 0
                        : fa.getTypes().get(1).getType() == org.apache.avro.Schema.Type.NULL ? 1 : -1;
                    if (nul >= 0 && fs.isOptional()) {
                        nullIndex[i] = nul;
                        value = fa.getTypes().get(1 - nul);
                    }
                }
                kinds[i] = value.getType() == org.apache.avro.Schema.Type.UNION ? NODE : leafKind(value, fs);
                if (kinds[i] == NODE) {
                    nodes[i] = reader(fa, fs);
                    nullIndex[i] = -1;
                }
            }
            // every value is read for its field's schema: the proof that lets values skip re-validation
            this.writer = RawStructs.writer(s, Arrays.asList(schemas));
        }

        @Override
        public Object read(Decoder in) throws IOException {
            Struct out = writer.newStruct();
            Object[] slots = writer.slots(out);
            for (int i = 0; i < fields.length; i++) {
                writer.set(out, slots, i, value(i, in));
            }
            return out;
        }

        private Object value(int i, Decoder in) throws IOException {
            int kind = kinds[i];
            if (kind == NODE) {
                return nodes[i].read(in);
            }
            int nul = nullIndex[i];
            if (nul >= 0) {
                int branch = in.readIndex();
                if (branch == nul) {
                    return null;
                }
                if (branch != 1 - nul) {
                    throw new Mismatch(); // not a branch of the union
                }
            }
            return readLeaf(kind, schemas[i], in);
        }
    }

    /** An initial capacity for a block of {@code n} items that a corrupt count cannot blow up. */
    private static int capacity(long n) {
        return (int) Math.min(n, 1024);
    }

    private static final class ArrayReader implements Reader {
        private final Reader item;

        ArrayReader(Reader item) {
            this.item = item;
        }

        @Override
        public Object read(Decoder in) throws IOException {
            long n = in.readArrayStart();
            List<Object> out = new ArrayList<>(capacity(n));
            for (; n != 0; n = in.arrayNext()) {
                for (long i = 0; i < n; i++) {
                    out.add(item.read(in));
                }
            }
            return out;
        }
    }

    private static final class StringMapReader implements Reader {
        private final Reader value;

        StringMapReader(Reader value) {
            this.value = value;
        }

        @Override
        public Object read(Decoder in) throws IOException {
            long n = in.readMapStart();
            Map<Object, Object> out = new LinkedHashMap<>(Math.max(4, capacity(n) * 2));
            for (; n != 0; n = in.mapNext()) {
                for (long i = 0; i < n; i++) {
                    String k = in.readString();
                    out.put(k, value.read(in));
                }
            }
            return out;
        }
    }

    private static final class EntryArrayReader implements Reader {
        private final Reader key;
        private final Reader value;

        EntryArrayReader(Reader key, Reader value) {
            this.key = key;
            this.value = value;
        }

        @Override
        public Object read(Decoder in) throws IOException {
            long n = in.readArrayStart();
            Map<Object, Object> out = new LinkedHashMap<>(Math.max(4, capacity(n) * 2));
            for (; n != 0; n = in.arrayNext()) {
                for (long i = 0; i < n; i++) {
                    Object k = key.read(in);
                    out.put(k, value.read(in));
                }
            }
            return out;
        }
    }
}
