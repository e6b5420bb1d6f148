package io.cdckit.smt.routing;

import io.cdckit.core.cache.PlanCache;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

import java.io.IOException;
import java.util.function.Function;

/**
 * {@code table.expand.json.payload}: a payload column's JSON text turned into Connect data, its
 * schema inferred ({@link JsonShapes}) once per shape of document, not per record.
 *
 * <p>A document's shape is what its schema depends on: the types and the object keys, in order, at
 * every depth, and for an array the distinct shapes of its elements in the order they first occur.
 * It is written as a compact text (the cache key, with the payload column, which names the struct);
 * the schema and the conversion compiled for it
 * are kept in a plan cache of the transform's {@code schema.cache.size}, so that documents of the
 * same shape get the same {@code Schema} instance. Documents the rules give no schema (see
 * {@link JsonShapes.Unexpandable}) are cached as such, with the reason.
 *
 * <p>A document is read as a stream of tokens, never as a tree, except once per shape to infer its
 * schema ({@link JsonStream}). The pass is guided by the shape of the last document: when the
 * document has that shape too (the text it writes is that shape's), its value is made in that one
 * pass; otherwise its shape text finds its compiled shape in the cache (or compiles it) and a
 * second pass converts it. The guess is the shape of the last document that missed it after another
 * miss, so that an occasional other shape (an optional key, a null) does not displace the usual one.
 *
 * <p>Text is expanded when it starts with {@code {} or {@code [} (as Debezium's, no leading
 * whitespace) and parses as JSON (Jackson's defaults: text after the first value is ignored, a
 * repeated key keeps its last value); otherwise it is left as it is, with a reason that quotes
 * nothing of it. Thread-safe.
 */
final class JsonPayloads {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    /** What became of a payload: its schema and value, or why it stays text. */
    record Expansion(Schema schema, Object value, String problem) {
        static Expansion refused(String problem) {
            return new Expansion(null, null, problem);
        }
    }

    private final JsonShapes shapes;
    private final PlanCache<ShapeKey, Object> plans;
    private final ThreadLocal<JsonStream> streams = ThreadLocal.withInitial(JsonStream::new);
    private volatile Known last;
    /** Whether the last document missed the guess (a race on it costs at most one pass). */
    private boolean missed;

    /**
     * @param cache makes the transform's cache of shapes (a measured plan cache, by equality)
     */
    JsonPayloads(JsonShapes shapes, Function<Function<ShapeKey, Object>, PlanCache<ShapeKey, Object>> cache) {
        this.shapes = shapes;
        this.plans = cache.apply(this::compile);
    }

    /** The cached compilations (the shapes seen), for tests. */
    PlanCache<ShapeKey, Object> cache() {
        return plans;
    }

    /**
     * The JSON text of the payload column {@code column} (which names the payload's struct) as
     * Connect data ({@code schemaless}: as Maps and Lists, with no schema), or refused with the reason.
     */
    Expansion expand(String column, String text, boolean schemaless) {
        if (text.isEmpty() || (text.charAt(0) != '{' && text.charAt(0) != '[')) {
            return Expansion.refused("it is not a JSON object or array (it must start with '{' or '[')");
        }
        JsonStream stream = streams.get();
        Known guess = last;
        if (guess != null && !guess.key.column.equals(column)) {
            guess = null;
        }
        try {
            Object value = read(stream, text, guess == null ? null : guess.shape, schemaless);
            if (value != JsonStream.UNFIT && guess.key.signature.contentEquals(stream.text())) {
                missed = false;
                return new Expansion(schemaless ? null : guess.shape.schema, value, null);
            }
            ShapeKey key = new ShapeKey(column, stream.text().toString(), text);
            Object plan = plans.get(key);
            if (plan instanceof String problem) {
                return Expansion.refused(problem);
            }
            JsonShape shape = (JsonShape) plan;
            value = read(stream, text, shape, schemaless);
            if (value == JsonStream.UNFIT) {
                return Expansion.refused(new JsonShape.Mismatch().getMessage());
            }
            if (guess == null || missed) { // a shape that comes once among others does not replace the guess
                last = new Known(key, shape);
            }
            missed = guess != null;
            return new Expansion(schemaless ? null : shape.schema, value, null);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return Expansion.refused("it is not valid JSON" + (at == null ? ""
                    : " (at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) { // not expected from a String
            return Expansion.refused("it could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** One pass over the document (its first value; text after it is ignored, as by a tree read). */
    private static Object read(JsonStream stream, String text, JsonShape shape, boolean schemaless)
            throws IOException {
        try (JsonParser p = FACTORY.createParser(text)) {
            p.nextToken();
            return stream.read(p, shape, schemaless);
        }
    }

    private Object compile(ShapeKey key) {
        String sample = key.sample;
        key.sample = null; // the cache keeps the key: not the document
        try {
            return shapes.document(key.column, MAPPER.readTree(sample));
        } catch (JsonShapes.Unexpandable e) {
            return e.getMessage();
        } catch (JsonProcessingException e) { // read once already: not expected
            return "it is not valid JSON";
        } catch (DataException e) { // a schema Connect refuses: its message may quote a key, so it is not kept
            return "its inferred schema is not a valid Connect schema (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** The shape the last document read had, tried first on the next. */
    private record Known(ShapeKey key, JsonShape shape) {
    }

    /**
     * The cache key: the payload column (it names the struct), a document's signature, and (until it
     * is compiled) the document itself, from which the shape's schema is inferred. Equal by column
     * and signature.
     */
    static final class ShapeKey {
        final String column;
        final String signature;
        volatile String sample;

        ShapeKey(String column, String signature, String sample) {
            this.column = column;
            this.signature = signature;
            this.sample = sample;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ShapeKey k && k.signature.equals(signature) && k.column.equals(column);
        }

        @Override
        public int hashCode() {
            return signature.hashCode() * 31 + column.hashCode();
        }

        @Override
        public String toString() {
            return signature;
        }
    }
}
