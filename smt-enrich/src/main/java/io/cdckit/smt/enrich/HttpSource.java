package io.cdckit.smt.enrich;

import io.cdckit.core.config.ConfigKeys;

import org.apache.kafka.common.config.ConfigException;

/** PLACEHOLDER: the http source is being written. */
final class HttpSource {

    private HttpSource() {
    }

    static void declare(ConfigKeys keys) {
    }

    static LookupSource open(SourceContext context) {
        throw new ConfigException(LookupConfig.SOURCE, "http", "is not available yet");
    }
}
