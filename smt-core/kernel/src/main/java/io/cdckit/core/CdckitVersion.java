package io.cdckit.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The project version, as every cdckit plugin reports it through {@code Versioned#version()}. */
public final class CdckitVersion {

    /** The version this jar was built as, e.g. {@code 0.1.0}; {@code unknown} if the build stamp is missing. */
    public static final String VERSION = load();

    private CdckitVersion() {
    }

    private static String load() {
        try (InputStream in = CdckitVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown").trim();
            return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
