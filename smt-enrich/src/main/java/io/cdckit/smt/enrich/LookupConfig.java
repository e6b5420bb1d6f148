package io.cdckit.smt.enrich;

import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.ConfigRule;
import io.cdckit.core.config.ConfigValue;
import io.cdckit.core.config.Validators;
import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathSyntaxException;
import io.cdckit.core.row.EnvelopeMode;

import org.apache.kafka.common.config.ConfigDef;

import java.util.List;

/**
 * Lookup's configuration: what forms the key and where the answer goes, which source answers, the
 * cache in front of remote sources, and what a miss or a failure does. Each source declares its own
 * keys ({@code jdbc.*}, {@code http.*}, {@code file.*}, {@code topic.*}) with the rules that make
 * them required when it is chosen.
 */
final class LookupConfig {

    static final String KEY_FIELDS = "key.fields";
    static final String SOURCE = "source";
    static final String TARGET_MODE = "target.mode";
    static final String TARGET_FIELD = "target.field";
    static final String TARGET_PREFIX = "target.prefix";
    static final String ON_MISSING = "on.missing";
    static final String ON_ERROR = "on.error";
    static final String ON_MULTIPLE = "on.multiple";
    static final String RETRY_ATTEMPTS = "retry.attempts";
    static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    static final String CACHE_MAX_ENTRIES = "cache.max.entries";
    static final String CACHE_EXPIRE_AFTER_WRITE_MS = "cache.expire.after.write.ms";
    static final String CACHE_EXPIRE_AFTER_ACCESS_MS = "cache.expire.after.access.ms";
    static final String CACHE_REFRESH_AFTER_WRITE_MS = "cache.refresh.after.write.ms";
    static final String CACHE_MISSING_TTL_MS = "cache.missing.ttl.ms";
    static final String CACHE_SERVE_STALE_ON_ERROR = "cache.serve.stale.on.error";
    static final String CACHE_ERROR_BACKOFF_MS = "cache.error.backoff.ms";
    static final String STATS_INTERVAL_MS = "stats.interval.ms";

    /** The header a record passed on un-enriched carries ({@code on.error=pass}). */
    static final String ERROR_HEADER = "__lookup.error";

    private static final long DAY_MS = 86_400_000L;

    enum SourceKind implements ConfigValue { JDBC, HTTP, FILE, TOPIC }

    enum TargetMode implements ConfigValue { STRUCT, MERGE }

    enum OnMissing implements ConfigValue {
        NULL, FAIL, RETRY
    }

    enum OnError implements ConfigValue { FAIL, PASS }

    enum OnMultiple implements ConfigValue { FIRST, FAIL }

    static final ConfigDef CONFIG_DEF = ConfigKeys.define()
            .fieldPaths(KEY_FIELDS, "The row fields whose values form the lookup key, in order (one or several). "
                    + "Before Unwrap both images of a change event are looked up, each by its own fields.")
            .required()
            .importance(ConfigDef.Importance.HIGH)
            .choice(SOURCE, SourceKind.class, null, "Where rows are looked up: a database (jdbc), an HTTP "
                    + "service (http), a CSV or JSON lines file held in memory (file), or a compacted Kafka topic "
                    + "held in memory (topic).")
            .required()
            .importance(ConfigDef.Importance.HIGH)
            .choice(TARGET_MODE, TargetMode.class, TargetMode.STRUCT, "struct: the looked-up columns go into one "
                    + "optional struct field, target.field, null on a miss; merge: each column becomes a top-level "
                    + "field named target.prefix + column, null on a miss.")
            .string(TARGET_FIELD, "lookup", "The field that holds the looked-up columns (target.mode=struct). A "
                    + "field of that name already in the row is replaced.")
            .rule(values -> values.choice(TARGET_MODE, TargetMode.class) == TargetMode.STRUCT
                    && values.string(TARGET_FIELD) == null ? "must be set with target.mode=struct" : null)
            .string(TARGET_PREFIX, "", "The prefix of the merged fields' names (target.mode=merge), e.g. customer_.")
            .choice(ON_MISSING, OnMissing.class, OnMissing.NULL, "What a key the source has no row for gives: null "
                    + "(the target is null, or the merged fields are), fail (a data error), or retry (ask the "
                    + "source again retry.attempts times, retry.backoff.ms apart, for rows that arrive slightly "
                    + "after the event; then null). A key with a null part is a miss without asking the source.")
            .choice(ON_ERROR, OnError.class, OnError.FAIL, "What a failing lookup does: fail (a retriable error "
                    + "for an outage, so that Connect retries the record when errors.retry.timeout allows; a data "
                    + "error for a permanent problem such as a type mismatch), or pass (the record goes on "
                    + "un-enriched, with the header " + ERROR_HEADER + " naming the problem's class).")
            .choice(ON_MULTIPLE, OnMultiple.class, OnMultiple.FIRST, "What a key with more than one row gives "
                    + "(jdbc, file): the first row, or a data error.")
            .integer(RETRY_ATTEMPTS, 3, 1, 100, "How many more times on.missing=retry asks the source.")
            .longValue(RETRY_BACKOFF_MS, 1000, 0, 60_000, "The pause before each on.missing=retry attempt. The "
                    + "retries hold the task's thread: keep retry.attempts x retry.backoff.ms well below the "
                    + "consumer's max.poll.interval.ms on a sink.")
            .longValue(CACHE_MAX_ENTRIES, 10_000, 1, 100_000_000, "How many keys the cache of a jdbc or http "
                    + "source holds (rows and misses); the least valuable go first.")
            .longValue(CACHE_EXPIRE_AFTER_WRITE_MS, 600_000, 1, 365 * DAY_MS, "How long a looked-up row is fresh "
                    + "after it was loaded.")
            .longValue(CACHE_EXPIRE_AFTER_ACCESS_MS, 0, 0, 365 * DAY_MS, "How long a row is fresh after it was "
                    + "last read; 0 for no such limit.")
            .longValue(CACHE_REFRESH_AFTER_WRITE_MS, 0, 0, 365 * DAY_MS, "How old a fresh row may get before a "
                    + "read reloads it in the background (the read gets the current row); 0 for no refresh.")
            .rule(values -> {
                Object refresh = values.get(CACHE_REFRESH_AFTER_WRITE_MS);
                Object write = values.get(CACHE_EXPIRE_AFTER_WRITE_MS);
                return refresh instanceof Long r && write instanceof Long w && r > 0 && r >= w
                        ? "must be less than " + CACHE_EXPIRE_AFTER_WRITE_MS + ": a row would expire before it "
                        + "is refreshed" : null;
            })
            .longValue(CACHE_MISSING_TTL_MS, 60_000, 0, 365 * DAY_MS, "How long \"no such row\" is cached; 0 to "
                    + "ask the source for every miss. Errors are never cached.")
            .bool(CACHE_SERVE_STALE_ON_ERROR, true, "Whether an expired row is served while its reload fails (an "
                    + "outage costs freshness, not availability; counted in the stale-served metric). An expired "
                    + "miss is never served stale.")
            .longValue(CACHE_ERROR_BACKOFF_MS, 30_000, 0, DAY_MS, "After a load fails, how long expired rows are "
                    + "served stale without asking the source (and no background refresh starts), so that an "
                    + "outage does not cost a timeout per record; keys not in the cache still ask.")
            .longValue(STATS_INTERVAL_MS, 60_000, 0, DAY_MS, "How often the lookup and cache statistics are "
                    + "logged at INFO; 0 for never. They are plugin metrics too.")
            .with(EnvelopeMode::declare)
            .with(JdbcSource::declare)
            .with(HttpSource::declare)
            .with(FileSource::declare)
            .with(TopicSource::declare)
            .build();

    private LookupConfig() {
    }

    /**
     * A rule for a key of a source: {@code problem} checked only when {@code kind} is the configured
     * source.
     */
    static ConfigRule whenSource(SourceKind kind, ConfigRule problem) {
        return values -> values.choice(SOURCE, SourceKind.class) == kind ? problem.check(values) : null;
    }

    /** A rule that a source's key is set when that source is chosen. */
    static ConfigRule requiredFor(SourceKind kind, String key) {
        return whenSource(kind, values -> values.isSet(key) ? null
                : "must be set with " + SOURCE + "=" + kind.configValue());
    }

    /**
     * How many key fields the configuration names; 0 when it names none (the key's own error), so
     * that rules counting on them stay quiet then.
     */
    static int keyCount(ConfigRule.Values values) {
        Object v = values.get(KEY_FIELDS);
        if (!(v instanceof List<?> list)) {
            return 0;
        }
        try {
            return FieldPath.parseList(Validators.joined(list)).size(); // commas inside backticks belong to names
        } catch (FieldPathSyntaxException e) {
            return list.size();
        }
    }
}
