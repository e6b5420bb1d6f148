package io.cdckit.smt.masking;

import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.daead.DeterministicAeadConfig;

import org.apache.kafka.connect.errors.DataException;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * {@code encrypt}: Tink's deterministic authenticated encryption ({@code AES256_SIV}) with the
 * keyset of {@code encrypt.keyset} (Tink's JSON keyset format): the same plaintext gives the same
 * ciphertext, every key of the keyset decrypts (rotation: a new primary, the old keys kept), and a
 * wrong key or a changed ciphertext fails rather than giving garbage. Strings are enciphered as
 * UTF-8 and written as Base64 of the ciphertext, bytes as the ciphertext. A string with a lone
 * surrogate (a half of a UTF-16 pair) has no UTF-8 form: Java's encoder would write {@code ?} in
 * its place and Unmask would give back another string, so it fails the record instead. Thread-safe
 * (Tink's primitives are).
 */
final class Encryption {

    private static final byte[] NO_ASSOCIATED_DATA = new byte[0];

    private final DeterministicAead aead;

    private Encryption(DeterministicAead aead) {
        this.aead = aead;
    }

    /**
     * @param keysetJson a Tink JSON keyset of deterministic AEAD keys
     * @throws IllegalArgumentException if it is not one (the message quotes nothing of it)
     */
    static Encryption of(String keysetJson) {
        try {
            DeterministicAeadConfig.register();
            KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(keysetJson, InsecureSecretKeyAccess.get());
            return new Encryption(handle.getPrimitive(RegistryConfiguration.get(), DeterministicAead.class));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("is not a Tink JSON keyset of deterministic AEAD (AES256_SIV) keys");
        }
    }

    byte[] encrypt(byte[] plaintext) {
        try {
            return aead.encryptDeterministically(plaintext, NO_ASSOCIATED_DATA);
        } catch (GeneralSecurityException e) {
            throw new DataException("encryption failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** @throws DataException if it holds a lone surrogate, which UTF-8 cannot carry back */
    String encrypt(String plaintext) {
        if (hasLoneSurrogate(plaintext)) {
            throw new DataException("the value is not well-formed Unicode (a lone surrogate): "
                    + "encrypt could not give it back as it was");
        }
        return Base64.getEncoder().encodeToString(encrypt(plaintext.getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++; // a well-formed pair
            }
        }
        return false;
    }

    /** @throws DataException if no key of the keyset made it, or it was changed */
    byte[] decrypt(byte[] ciphertext) {
        try {
            return aead.decryptDeterministically(ciphertext, NO_ASSOCIATED_DATA);
        } catch (GeneralSecurityException e) {
            throw new DataException("the value is not a ciphertext of this keyset (wrong key, or changed)");
        }
    }

    String decrypt(String ciphertext) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(ciphertext);
        } catch (IllegalArgumentException e) {
            throw new DataException("the value is not Base64 ciphertext");
        }
        return new String(decrypt(bytes), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Encryption(AES256_SIV)";
    }
}
