package io.cdckit.smt.mapping;

/**
 * Why a value could not be cast. Thrown by converters and caught by the cast, which applies
 * {@link CastOnError}; the instances are shared and carry no stack trace (cheap on the hot path, and
 * never a value in a message).
 */
final class CastFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The reasons; {@link #describe} renders one for a target. */
    enum Reason {
        NOT_A_NUMBER,
        NOT_FINITE,
        NOT_A_BOOLEAN,
        OUT_OF_RANGE,
        FRACTION_LOST,
        ROUNDING,
        PRECISION,
        NOT_A_TIMESTAMP,
        NOT_A_TIME,
        TIME_OUT_OF_DAY,
        DATE_WITH_TIME,
        MALFORMED
    }

    static final CastFailure NOT_A_NUMBER = new CastFailure(Reason.NOT_A_NUMBER);
    static final CastFailure NOT_FINITE = new CastFailure(Reason.NOT_FINITE);
    static final CastFailure NOT_A_BOOLEAN = new CastFailure(Reason.NOT_A_BOOLEAN);
    static final CastFailure OUT_OF_RANGE = new CastFailure(Reason.OUT_OF_RANGE);
    static final CastFailure FRACTION_LOST = new CastFailure(Reason.FRACTION_LOST);
    static final CastFailure ROUNDING = new CastFailure(Reason.ROUNDING);
    static final CastFailure PRECISION = new CastFailure(Reason.PRECISION);
    static final CastFailure NOT_A_TIMESTAMP = new CastFailure(Reason.NOT_A_TIMESTAMP);
    static final CastFailure NOT_A_TIME = new CastFailure(Reason.NOT_A_TIME);
    static final CastFailure TIME_OUT_OF_DAY = new CastFailure(Reason.TIME_OUT_OF_DAY);
    static final CastFailure DATE_WITH_TIME = new CastFailure(Reason.DATE_WITH_TIME);
    static final CastFailure MALFORMED = new CastFailure(Reason.MALFORMED);

    private final Reason reason;

    private CastFailure(Reason reason) {
        super(reason.name(), null, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }

    /** The reason in words, for a message about casting to {@code to}; names no value. */
    String describe(CastType to) {
        switch (reason) {
            case NOT_A_NUMBER:
                return "the value is not a number";
            case NOT_FINITE:
                return "the value is NaN or infinite, which " + to + " cannot hold";
            case NOT_A_BOOLEAN:
                return "the value is not 'true' or 'false'";
            case OUT_OF_RANGE:
                return "the value is out of the range of " + to;
            case FRACTION_LOST:
                return "the value has a fraction that " + to + " would lose";
            case ROUNDING:
                return "the value has more than " + to.scale() + " decimal places (rounding would lose digits)";
            case PRECISION:
                return "the value needs more than " + to.precision() + " digits";
            case NOT_A_TIMESTAMP:
                return "the value is not an ISO-8601 timestamp with an offset";
            case NOT_A_TIME:
                return "the value is not an ISO-8601 time with an offset";
            case TIME_OUT_OF_DAY:
                return "the time is outside 00:00 to 24:00";
            case DATE_WITH_TIME:
                return "the date has a time of day (a Connect Date is midnight UTC)";
            default:
                return "the value is malformed (a VariableScaleDecimal without scale or value)";
        }
    }
}
