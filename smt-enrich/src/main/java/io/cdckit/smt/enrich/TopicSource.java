package io.cdckit.smt.enrich;

import io.cdckit.core.config.ConfigKeys;

import org.apache.kafka.common.config.ConfigException;

/** PLACEHOLDER: the topic source is being written. */
final class TopicSource {

    private TopicSource() {
    }

    static void declare(ConfigKeys keys) {
    }

    static LookupSource open(SourceContext context) {
        throw new ConfigException(LookupConfig.SOURCE, "topic", "is not available yet");
    }
}
