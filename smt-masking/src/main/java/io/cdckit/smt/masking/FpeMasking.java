package io.cdckit.smt.masking;

import io.cdckit.smt.masking.fpe.FormatPreservingCipher;
import io.cdckit.smt.masking.fpe.FpeException;

import org.apache.kafka.connect.errors.DataException;

/**
 * {@code fpe} as Mask and Unmask apply it: the cipher with {@code keep.last} and {@code fpe.luhn},
 * int32 values kept in range by cycle-walking (a result beyond int32 is enciphered again, and
 * deciphered again on the way back), and values too short for the cipher's domain following
 * {@code fpe.too.short}: redacted ({@code ""}, {@code 0}; Unmask passes those on) or failing the
 * record. Immutable, thread-safe.
 */
final class FpeMasking {

    private final FormatPreservingCipher cipher;
    private final int keepLast;
    private final boolean luhn;
    private final TooShort tooShort;

    FpeMasking(FormatPreservingCipher cipher, int keepLast, boolean luhn, TooShort tooShort) {
        this.cipher = cipher;
        this.keepLast = keepLast;
        this.luhn = luhn;
        this.tooShort = tooShort;
    }

    String encrypt(String value) {
        try {
            return cipher.encrypt(value, keepLast, luhn);
        } catch (FpeException e) {
            return tooShort(e, "");
        }
    }

    String decrypt(String value) {
        try {
            return cipher.decrypt(value, keepLast, luhn);
        } catch (FpeException e) {
            if (e.isTooShort()) {
                return value; // redacted by Mask, or never enciphered
            }
            throw new DataException("fpe: " + e.getMessage());
        }
    }

    long encrypt(long value) {
        try {
            return cipher.encrypt(value);
        } catch (FpeException e) {
            return tooShort(e, 0L);
        }
    }

    long decrypt(long value) {
        try {
            return cipher.decrypt(value);
        } catch (FpeException e) {
            if (e.isTooShort()) {
                return value;
            }
            throw new DataException("fpe: " + e.getMessage());
        }
    }

    int encrypt(int value) {
        try {
            long c = cipher.encrypt((long) value);
            while (c != (int) c) { // walks within the cycle of value's digit count
                c = cipher.encrypt(c);
            }
            return (int) c;
        } catch (FpeException e) {
            return tooShort(e, 0);
        }
    }

    int decrypt(int value) {
        try {
            long p = cipher.decrypt((long) value);
            while (p != (int) p) {
                p = cipher.decrypt(p);
            }
            return (int) p;
        } catch (FpeException e) {
            if (e.isTooShort()) {
                return value;
            }
            throw new DataException("fpe: " + e.getMessage());
        }
    }

    private <T> T tooShort(FpeException e, T redacted) {
        if (!e.isTooShort()) {
            throw new DataException("fpe: " + e.getMessage());
        }
        if (tooShort == TooShort.FAIL) {
            throw new DataException("fpe: the value is too short for the cipher's domain (fpe.too.short=fail)");
        }
        return redacted;
    }

    @Override
    public String toString() {
        return "FpeMasking(keep.last=" + keepLast + ", luhn=" + luhn + ")";
    }
}
