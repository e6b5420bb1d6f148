package io.cdckit.smt.mapping;

import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.ConfigRule;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.PathMapping;
import io.cdckit.core.record.Side;
import io.cdckit.core.row.EnvelopeMode;
import io.cdckit.core.row.RowRewrite;
import io.cdckit.core.transform.SideTransform;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One declarative spec for what a chain of Kafka's {@code ReplaceField} and {@code Cast} does, on
 * nested paths, in row scope before {@code Unwrap} (both row images) or on plain rows after it,
 * schema'd or schemaless, key ({@code FieldMapper$Key}) or value ({@code FieldMapper$Value}).
 *
 * <p>The steps run in a fixed order on one copy of the row: {@code drop}, {@code rename},
 * {@code cast}; each names fields as the steps before it left them ({@code cast} uses the names
 * after {@code rename}). For a Struct row the steps become one kernel row plan per row schema
 * ({@link MappingPlans}), compiled once and cached; a spec with no step returns its input record.
 * Kafka {@code ReplaceField}'s {@code exclude} and {@code renames} are accepted as aliases of
 * {@code drop} and {@code rename}.
 *
 * @param <R> the record type
 */
public abstract class FieldMapper<R extends ConnectRecord<R>> extends SideTransform<R> {

    private static final Logger LOG = LoggerFactory.getLogger(FieldMapper.class);

    public static final String DROP = "drop";
    public static final String EXCLUDE = "exclude";
    public static final String RENAME = "rename";
    public static final String RENAMES = "renames";
    public static final String CAST = "cast";
    public static final String CAST_ON_ERROR = "cast.on.error";
    public static final String MISSING_FIELDS = "missing.fields";

    public static final ConfigDef CONFIG_DEF = ConfigKeys.define()
            .fieldPaths(DROP, "Step 1: fields to remove, as paths and patterns: email, address.zip, `x.y`, "
                    + "items[*].sku, *_at, address.*. A removed struct goes with everything in it.")
            .importance(ConfigDef.Importance.HIGH)
            .fieldPaths(EXCLUDE, "Kafka ReplaceField's name for drop, accepted so that its configs work as they "
                    + "are; set one of the two.")
            .importance(ConfigDef.Importance.LOW)
            .rule(values -> aliasClash(values, DROP, EXCLUDE))
            .pathMappings(RENAME, "list of path:newName", FieldMapper::newNameProblem, "Step 2: fields to rename "
                    + "where they are, as path:newName: email:mail, address.city:town, items[*].sku:code. A path "
                    + "names one field (no patterns); fields removed by drop are gone by then.")
            .importance(ConfigDef.Importance.HIGH)
            .rule(values -> renameProblem(values, RENAME))
            .pathMappings(RENAMES, "list of path:newName", FieldMapper::newNameProblem, "Kafka ReplaceField's "
                    + "name for rename (its old:new entries are rename entries), accepted so that its configs "
                    + "work as they are; set one of the two.")
            .importance(ConfigDef.Importance.LOW)
            .rule(values -> {
                String clash = aliasClash(values, RENAME, RENAMES);
                return clash != null ? clash : renameProblem(values, RENAMES);
            })
            .pathMappings(CAST, "list of path:type", FieldMapper::typeProblem, "Step 3: fields to cast, as "
                    + "path:type, naming fields as rename left them: amount:float64, id:string, "
                    + "price:decimal(12,2), created_at:string (ISO-8601). Types: " + CastType.VALID_TYPES
                    + ". Logical types (Decimal, dates, times, timestamps of Connect and Debezium, "
                    + "VariableScaleDecimal) are understood; a default value is cast too.")
            .importance(ConfigDef.Importance.HIGH)
            .rule(values -> castProblem(values))
            .choice(CAST_ON_ERROR, CastOnError.class, CastOnError.FAIL, "What a value that cannot be cast without "
                    + "losing information (a fraction, out of range, text that is not a number) does: fail (the "
                    + "record fails with an error naming the field and the types, never the value) or null (the "
                    + "field becomes null; optional fields only).")
            .choice(MISSING_FIELDS, MissingFields.class, MissingFields.IGNORE, "What a rename or cast entry naming "
                    + "a field a row does not have does: ignore (skipped, with a warning once per schema) or fail "
                    + "(each record of that schema fails naming the entry). Drop patterns that match nothing are "
                    + "never an error.")
            .with(EnvelopeMode::declare)
            .build();

    /** Null when the spec has no step: records pass as they are. */
    private RowRewrite rows;

    protected FieldMapper(Side side) {
        super(side);
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    // ------------------------------------------------------------------ config

    private static String aliasClash(ConfigRule.Values values, String key, String alias) {
        return values.isSet(key) && values.isSet(alias)
                ? "is an alias of " + key + ", which is set too; set one of the two" : null;
    }

    private static String newNameProblem(String newName) {
        return newName.contains(".") || newName.contains("`")
                ? "the new name must be a plain name (rename keeps a field where it is), not a path" : null;
    }

    private static String typeProblem(String type) {
        try {
            CastType.parse(type);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String renameProblem(ConfigRule.Values values, String key) {
        List<PathMapping> entries = values.pathMappings(key);
        String problem = entries == null ? null : oneFieldEach(entries, "rename", "renamed");
        if (problem != null || entries == null) {
            return problem;
        }
        Map<String, String> targets = new HashMap<>();
        for (PathMapping m : entries) {
            String other = targets.putIfAbsent(parentText(m.path()) + "." + m.target(), m.entry());
            if (other != null) {
                return "entries '" + other + "' and '" + m.entry() + "' give one name '" + m.target() + "'";
            }
        }
        return null;
    }

    private static String castProblem(ConfigRule.Values values) {
        List<PathMapping> entries = values.pathMappings(CAST);
        return entries == null ? null : oneFieldEach(entries, "cast", "cast");
    }

    /** Each entry names one field (no pattern), and no field twice. */
    private static String oneFieldEach(List<PathMapping> entries, String step, String done) {
        Set<String> paths = new HashSet<>();
        for (PathMapping m : entries) {
            if (m.path().hasPattern()) {
                return "entry '" + m.entry() + "': a " + step + " names one field, not a pattern";
            }
            if (!paths.add(m.path().toString())) {
                return "entry '" + m.entry() + "': '" + m.path() + "' is " + done + " twice";
            }
        }
        return null;
    }

    private static String parentText(FieldPath path) {
        List<FieldPath.Segment> s = path.segments();
        return s.subList(0, s.size() - 1).stream().map(Object::toString).collect(Collectors.joining("."));
    }

    /** The configuration's steps, with the aliases folded in. */
    private static MappingSpec spec(TransformConfig config) {
        List<FieldPath> drop = new ArrayList<>(config.getFieldPaths(DROP));
        drop.addAll(config.getFieldPaths(EXCLUDE));
        List<PathMapping> renameEntries = new ArrayList<>(config.getPathMappings(RENAME));
        renameEntries.addAll(config.getPathMappings(RENAMES));
        return new MappingSpec(List.copyOf(drop),
                renameEntries.stream().map(MappingSpec.Rename::of).toList(),
                config.getPathMappings(CAST).stream().map(MappingSpec.CastEntry::of).toList(),
                config.getEnum(CAST_ON_ERROR, CastOnError.class),
                config.getEnum(MISSING_FIELDS, MissingFields.class));
    }

    // ------------------------------------------------------------------ plan

    @Override
    protected void configure(TransformConfig config) {
        MappingSpec spec = spec(config);
        MappingPlans plans = new MappingPlans(spec, problem -> LOG.warn("{}{}: {}", displayName(), where(), problem));
        rows = spec.isEmpty() ? null
                : measured(RowRewrite.of(plans, config.getEnum(EnvelopeMode.KEY, EnvelopeMode.class), schemaCacheSize()));
    }

    // ------------------------------------------------------------------ apply

    @Override
    protected R transform(R record) {
        return rows == null ? record : rows.apply(record, side, null);
    }

    /** FieldMapper on the record key. */
    public static final class Key<R extends ConnectRecord<R>> extends FieldMapper<R> {
        public Key() {
            super(Side.KEY);
        }
    }

    /** FieldMapper on the record value. */
    public static final class Value<R extends ConnectRecord<R>> extends FieldMapper<R> {
        public Value() {
            super(Side.VALUE);
        }
    }
}
