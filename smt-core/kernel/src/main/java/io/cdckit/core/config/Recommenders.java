package io.cdckit.core.config;

import org.apache.kafka.common.config.ConfigDef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Recommenders, so that Connect's validate endpoint and UIs show the allowed values of a key. */
public final class Recommenders {

    private Recommenders() {
    }

    /** Always recommends {@code values}. */
    public static ConfigDef.Recommender of(List<String> values) {
        List<Object> copy = new ArrayList<>(values);
        return new ConfigDef.Recommender() {
            @Override
            public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
                return copy;
            }

            @Override
            public boolean visible(String name, Map<String, Object> parsedConfig) {
                return true;
            }
        };
    }

    /** Recommends the config texts of an enum's constants. */
    public static <E extends Enum<E> & ConfigValue> ConfigDef.Recommender of(Class<E> type) {
        return of(Validators.configValues(type));
    }
}
