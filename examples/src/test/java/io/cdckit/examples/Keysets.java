package io.cdckit.examples;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import com.google.crypto.tink.daead.PredefinedDeterministicAeadParameters;

import java.security.GeneralSecurityException;

/** Tink keysets for the tests of Mask's {@code encrypt} mode. */
public final class Keysets {

    private Keysets() {
    }

    /** A new Tink JSON keyset of one AES256_SIV key (what {@code encrypt.keyset} takes). */
    public static String aes256Siv() {
        try {
            DeterministicAeadConfig.register();
            KeysetHandle keyset = KeysetHandle.newBuilder().addEntry(KeysetHandle.generateEntryFromParameters(
                    PredefinedDeterministicAeadParameters.AES256_SIV).withRandomId().makePrimary()).build();
            return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, RegistryConfiguration.get(),
                    InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
