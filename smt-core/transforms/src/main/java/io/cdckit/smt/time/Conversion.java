package io.cdckit.smt.time;

import io.cdckit.core.record.Describe;
import io.cdckit.core.time.Temporals;

import org.apache.kafka.connect.errors.DataException;

import java.time.DateTimeException;
import java.util.function.Function;

/**
 * The conversion of one field's values (the function of its kernel {@code FieldOperation}): a
 * reader and a writer of {@link Conversions}, and what a special value does ({@link SpecialValues}).
 * Nulls and Debezium's placeholder for an unchanged TOASTed value pass through. Failures are
 * {@code DataException}s that say what is wrong and never quote the value; the kernel adds the
 * field's path, the transform its name and the record's topic. Immutable and thread-safe.
 */
final class Conversion implements Function<Object, Object> {

    /** What Debezium writes for a TOASTed value an update left alone. */
    static final String UNAVAILABLE_VALUE = "__debezium_unavailable_value";

    /** Converts one non-null value; may throw {@link Special}, DateTimeException, ClassCastException. */
    private interface Body {
        Object convert(Object value);
    }

    private final Body body;
    /** What PostgreSQL's infinity becomes in the target (by sign). */
    private final Function<Boolean, Object> infinity;
    private final String target;
    private final String input;
    private final boolean optional;
    private final boolean textTarget;
    private final SpecialValues special;

    private Conversion(Body body, Function<Boolean, Object> infinity, String input, String target,
                       boolean textTarget, boolean optional, SpecialValues special) {
        this.body = body;
        this.infinity = infinity;
        this.input = input;
        this.target = target;
        this.textTarget = textTarget;
        this.optional = optional;
        this.special = special;
    }

    /**
     * An instant's conversion.
     *
     * @param digits the fraction digits every value carries, or -1 to count them in each text value
     */
    static Conversion instant(Conversions.InstantReader reader, int digits, Conversions.InstantWriter writer,
                              String input, InstantTarget target, boolean optional, SpecialValues special) {
        Body body = digits >= 0 ? v -> writer.write(reader.read(v), digits)
                : v -> writer.write(reader.read(v), Temporals.fractionDigits((String) v));
        boolean text = target == InstantTarget.ISO || target == InstantTarget.FORMAT;
        return new Conversion(body, writer::infinity, input, target.configValue(), text, optional, special);
    }

    static Conversion day(Conversions.DayReader reader, Conversions.DayWriter writer, String input, DateTarget target,
                          boolean optional, SpecialValues special) {
        return new Conversion(v -> writer.write(reader.read(v)), writer::infinity, input, target.configValue(),
                target == DateTarget.ISO, optional, special);
    }

    /**
     * @param digits the fraction digits every value carries, or -1 to count them in each text value
     * @param zoned  whether the input is a time at an offset
     */
    static Conversion time(Conversions.TimeReader reader, int digits, boolean zoned, Conversions.TimeWriter writer,
                           String input, TimeTarget target, boolean optional, SpecialValues special) {
        Body body = digits >= 0 ? v -> writer.write(reader.read(v), digits, zoned)
                : v -> writer.write(reader.read(v), Temporals.fractionDigits((String) v), zoned);
        return new Conversion(body, null, input, target.configValue(), target == TimeTarget.ISO, optional, special);
    }

    @Override
    public Object apply(Object value) {
        if (value == null) {
            return null;
        }
        if (UNAVAILABLE_VALUE.equals(value)) {
            return unavailable(value);
        }
        try {
            return body.convert(value);
        } catch (Special s) {
            return special(s);
        } catch (DateTimeException e) {
            throw new DataException(e.getMessage() + ", as " + input + " must be");
        } catch (ClassCastException e) {
            throw new DataException("the value is a " + Describe.type(value) + ", not " + input);
        }
    }

    private Object unavailable(Object value) {
        if (textTarget) {
            return value;
        }
        if (optional) {
            return null;
        }
        throw new DataException("the value is Debezium's placeholder for an unchanged TOASTed value, which " + target
                + " cannot hold in a required field");
    }

    private Object special(Special s) {
        String what = s.isInfinity() ? "the value is PostgreSQL's " + s.getMessage()
                : "the value is beyond the range of " + target;
        if (special == SpecialValues.FAIL) {
            throw new DataException(what + " (special.values=fail)");
        }
        if (special == SpecialValues.NULL && optional) {
            return null;
        }
        if (s.isInfinity() && infinity != null) {
            return infinity.apply(s.isPositive());
        }
        throw new DataException(what + ", which the target cannot hold" + (optional ? "" : " in a required field"));
    }

    /** For messages and plans: never a value. */
    @Override
    public String toString() {
        return "Conversion(" + input + " to " + target + ")";
    }
}
