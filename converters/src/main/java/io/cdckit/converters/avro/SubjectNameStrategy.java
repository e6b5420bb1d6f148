package io.cdckit.converters.avro;

import io.cdckit.core.config.ConfigValue;

/** How the registry subject of a key or value schema is named (Confluent's three strategies). */
public enum SubjectNameStrategy implements ConfigValue {
    /** {@code <topic>-key} / {@code <topic>-value} (Confluent's TopicNameStrategy, the default). */
    TOPIC("topic"),
    /** The record's full name (RecordNameStrategy). */
    RECORD("record"),
    /** {@code <topic>-<record full name>} (TopicRecordNameStrategy). */
    TOPIC_RECORD("topic-record");

    private final String text;

    SubjectNameStrategy(String text) {
        this.text = text;
    }

    @Override
    public String configValue() {
        return text;
    }

    /** The subject for a schema of {@code recordName} written to {@code topic}. */
    public String subject(String topic, boolean isKey, String recordName) {
        switch (this) {
            case RECORD:
                return recordName;
            case TOPIC_RECORD:
                return topic + "-" + recordName;
            default:
                return topic + (isKey ? "-key" : "-value");
        }
    }

    /** Accepts our short names and Confluent's strategy class names. */
    static SubjectNameStrategy parse(String text) {
        String t = text.trim();
        switch (t) {
            case "io.confluent.kafka.serializers.subject.TopicNameStrategy":
                return TOPIC;
            case "io.confluent.kafka.serializers.subject.RecordNameStrategy":
                return RECORD;
            case "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy":
                return TOPIC_RECORD;
            default:
                for (SubjectNameStrategy s : values()) {
                    if (s.text.equalsIgnoreCase(t)) {
                        return s;
                    }
                }
                return null;
        }
    }
}
