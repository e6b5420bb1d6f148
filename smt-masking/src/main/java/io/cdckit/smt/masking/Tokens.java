package io.cdckit.smt.masking;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code hash} (salted SHA-256) and {@code hmac} (keyed HMAC-SHA256) tokens: deterministic, so equal
 * values give equal tokens in every record, table and task, and joins on them still work. HMAC
 * tokens in {@code hex} and {@code base64} carry the key id as a prefix ({@code k1:...}) so keys can
 * rotate; {@code uuid} tokens are RFC 4122 name-based UUIDs (version 5 layout) from the MAC's first
 * 16 bytes. One {@code Mac} / {@code MessageDigest} per thread. Never shows the key or the salt.
 */
final class Tokens {

    private static final HexFormat HEX = HexFormat.of();

    private final boolean keyed;
    private final byte[] secret;
    private final String prefix;
    private final TokenFormat format;
    private final ThreadLocal<Object> engines;

    private Tokens(boolean keyed, byte[] secret, String keyId, TokenFormat format) {
        this.keyed = keyed;
        this.secret = secret.clone();
        this.prefix = keyed && format != TokenFormat.UUID ? keyId + ":" : "";
        this.format = format;
        this.engines = ThreadLocal.withInitial(this::engine);
        engine(); // fails now, not per record, if the JDK lacks the algorithm
    }

    /** Salted SHA-256, {@code hex} or {@code base64}. */
    static Tokens hash(byte[] salt, TokenFormat format) {
        return new Tokens(false, salt == null ? new byte[0] : salt, null, format);
    }

    /** HMAC-SHA256 with {@code key} (16 to 64 bytes), tokens prefixed with {@code keyId} but in {@code uuid}. */
    static Tokens hmac(byte[] key, String keyId, TokenFormat format) {
        return new Tokens(true, key, keyId, format);
    }

    private Object engine() {
        try {
            if (keyed) {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret, "HmacSHA256"));
                return mac;
            }
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no HMAC-SHA256 / SHA-256 in this JVM", e);
        }
    }

    /** The digest of {@code bytes} (with the salt in front, for {@code hash}). */
    byte[] digest(byte[] bytes) {
        Object e = engines.get();
        if (e instanceof Mac mac) {
            return mac.doFinal(bytes);
        }
        MessageDigest md = (MessageDigest) e;
        md.update(secret);
        return md.digest(bytes);
    }

    /** The token of a string (UTF-8). */
    String token(String value) {
        return text(digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** The digest written as the configured text. */
    String text(byte[] digest) {
        switch (format) {
            case BASE64:
                return prefix + Base64.getEncoder().encodeToString(digest);
            case UUID: {
                ByteBuffer b = ByteBuffer.wrap(digest, 0, 16);
                long msb = (b.getLong() & ~0xF000L) | 0x5000L; // version 5
                long lsb = (b.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // RFC 4122 variant
                return new java.util.UUID(msb, lsb).toString();
            }
            default:
                return prefix + HEX.formatHex(digest);
        }
    }

    /** Never the key or the salt. */
    @Override
    public String toString() {
        return keyed ? "Tokens(hmac-sha256, " + format.configValue() + ")" : "Tokens(sha-256, " + format.configValue() + ")";
    }
}
