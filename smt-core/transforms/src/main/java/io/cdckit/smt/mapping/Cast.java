package io.cdckit.smt.mapping;

import io.cdckit.core.record.Describe;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

import java.util.function.Function;

/**
 * One field's cast, compiled for its input schema by {@link Casts#compile}: the output field
 * {@link #schema()} and the conversion of each value ({@link #apply}). Immutable and thread-safe;
 * usable directly as the function of a kernel {@code FieldOperation.replace(cast.schema(), cast)}.
 */
public final class Cast implements Function<Object, Object> {

    private final String path;
    private final Schema from;
    private final CastType to;
    private final CastOnError onError;
    private final Schema schema;
    private final Converter converter;

    Cast(String path, Schema from, CastType to, CastOnError onError, Schema schema, Converter converter) {
        this.path = path;
        this.from = from;
        this.to = to;
        this.onError = onError;
        this.schema = schema;
        this.converter = converter;
    }

    /**
     * Casts one value of the input schema.
     *
     * @param value a value of {@link #from()}'s type, or null
     * @return the value for {@link #schema()}; null for null, and for a value that cannot be cast
     *         without losing information when {@code onError} is {@link CastOnError#NULL}
     * @throws DataException when such a value meets {@link CastOnError#FAIL}, or the value is not of
     *         the schema's type; the message names the path and the types, never the value
     */
    @Override
    public Object apply(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return converter.convert(value);
        } catch (CastFailure f) {
            if (onError == CastOnError.NULL) {
                return null;
            }
            throw new DataException(Casts.failure(path, Describe.schema(from), to, f));
        } catch (ClassCastException e) {
            throw new DataException(Casts.wrongClass(path, from, to, value));
        }
    }

    /** @return the output field schema: the target's type, the input's optionality, the default cast */
    public Schema schema() {
        return schema;
    }

    /** @return the input field schema this cast was compiled for */
    public Schema from() {
        return from;
    }

    /** @return the target type */
    public CastType target() {
        return to;
    }

    /** @return what a failing value does */
    public CastOnError onError() {
        return onError;
    }

    /** @return the field path, as given to {@link Casts#compile} */
    public String path() {
        return path;
    }

    /** @return true if the cast changes nothing (a field cast to the type it has): schema and values stay */
    public boolean isIdentity() {
        return converter == Converter.IDENTITY;
    }

    /** Path and types only. */
    @Override
    public String toString() {
        return "Cast[" + path + ": " + Describe.schema(from) + " -> " + to + ", on error " + onError.configValue() + "]";
    }
}
