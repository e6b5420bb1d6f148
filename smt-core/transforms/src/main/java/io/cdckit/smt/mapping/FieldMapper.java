package io.cdckit.smt.mapping;

import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.config.Validators;
import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathException;
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
import java.util.List;

/**
 * One declarative spec for what a chain of Kafka's {@code ReplaceField}, {@code Cast},
 * {@code InsertField}, {@code HeaderFrom} and {@code Flatten} does, on nested paths, in row scope
 * before {@code Unwrap} (both row images) or on plain rows after it, schema'd or schemaless, key
 * ({@code FieldMapper$Key}) or value ({@code FieldMapper$Value}).
 *
 * <p>The steps run in a fixed order on one copy of the row: {@code keep}, {@code drop},
 * {@code rename}, {@code move}, {@code copy}, {@code cast}, {@code insert}, {@code flatten}; each
 * names fields as the steps before it left them ({@code cast} uses the names after {@code rename}
 * and {@code move}). For a Struct row the steps become one kernel row plan per row schema
 * ({@link MappingPlans}), compiled once and cached; a spec with no step returns its input record.
 * Kafka {@code ReplaceField}'s {@code include}, {@code exclude} and {@code renames} are accepted as
 * aliases of {@code keep}, {@code drop} and {@code rename}.
 *
 * @param <R> the record type
 */
public abstract class FieldMapper<R extends ConnectRecord<R>> extends SideTransform<R> {

    private static final Logger LOG = LoggerFactory.getLogger(FieldMapper.class);

    public static final String KEEP = "keep";
    public static final String INCLUDE = "include";
    public static final String DROP = "drop";
    public static final String EXCLUDE = "exclude";
    public static final String RENAME = "rename";
    public static final String RENAMES = "renames";
    public static final String MOVE = "move";
    public static final String COPY = "copy";
    public static final String CAST = "cast";
    public static final String CAST_ON_ERROR = "cast.on.error";
    public static final String INSERT = "insert";
    public static final String FLATTEN = "flatten";
    public static final String FLATTEN_DELIMITER = "flatten.delimiter";
    public static final String MISSING_FIELDS = "missing.fields";

    public static final ConfigDef CONFIG_DEF = ConfigKeys.define()
            .fieldPaths(KEEP, "Step 1: the fields to keep, as paths and patterns; every other field is removed "
                    + "(empty: all are kept). A nested path keeps its parents with only what is kept inside: "
                    + "id,address.city,items[*].sku,*_at.")
            .importance(ConfigDef.Importance.HIGH)
            .rule(values -> MappingRules.pathListProblem(values, KEEP))
            .fieldPaths(INCLUDE, "Kafka ReplaceField's name for keep, accepted so that its configs work as they "
                    + "are; set one of the two.")
            .importance(ConfigDef.Importance.LOW)
            .rule(values -> MappingRules.aliasClash(values, KEEP, INCLUDE))
            .rule(values -> MappingRules.pathListProblem(values, INCLUDE))
            .fieldPaths(DROP, "Step 2: fields to remove, as paths and patterns: email, address.zip, `x.y`, "
                    + "items[*].sku, *_at, address.*. A removed struct goes with everything in it.")
            .importance(ConfigDef.Importance.HIGH)
            .rule(values -> MappingRules.pathListProblem(values, DROP))
            .fieldPaths(EXCLUDE, "Kafka ReplaceField's name for drop, accepted so that its configs work as they "
                    + "are; set one of the two.")
            .importance(ConfigDef.Importance.LOW)
            .rule(values -> MappingRules.aliasClash(values, DROP, EXCLUDE))
            .rule(values -> MappingRules.pathListProblem(values, EXCLUDE))
            .pathMappings(RENAME, "list of path:newName", MappingRules::newNameProblem, "Step 3: fields to rename "
                    + "where they are, as path:newName: email:mail, address.city:town, items[*].sku:code. A path "
                    + "names one field (no patterns), one that keep and drop leave.")
            .importance(ConfigDef.Importance.HIGH)
            .rule(values -> MappingRules.renameProblem(values, RENAME))
            .pathMappings(RENAMES, "list of path:newName", MappingRules::newNameProblem, "Kafka ReplaceField's "
                    + "name for rename (its old:new entries are rename entries), accepted so that its configs "
                    + "work as they are; set one of the two.")
            .importance(ConfigDef.Importance.LOW)
            .rule(values -> {
                String clash = MappingRules.aliasClash(values, RENAME, RENAMES);
                return clash != null ? clash : MappingRules.renameProblem(values, RENAMES);
            })
            .pathMappings(MOVE, "list of from:to", MappingRules::targetProblem, "Step 4: fields to move, as "
                    + "from:to, naming fields as rename left them; to may be at another depth: address.city:city "
                    + "(out of a struct), city:address.city (into one, created as an optional struct if the row "
                    + "has none). Both are literal paths outside arrays; moving onto a field the row has is an "
                    + "error that names both.")
            .importance(ConfigDef.Importance.MEDIUM)
            .rule(values -> MappingRules.relocationProblem(values, MOVE))
            .pathMappings(COPY, "list of from:to", MappingRules::targetProblem, "Step 5: fields to copy, as from:to, "
                    + "with the rules of move; the source stays where it is.")
            .importance(ConfigDef.Importance.MEDIUM)
            .rule(values -> MappingRules.relocationProblem(values, COPY))
            .pathMappings(CAST, "list of path:type", MappingRules::typeProblem, "Step 6: fields to cast, as "
                    + "path:type, naming fields as the steps before left them: amount:float64, id:string, "
                    + "price:decimal(12,2), created_at:string (ISO-8601). Types: " + CastType.VALID_TYPES
                    + ". Logical types (Decimal, dates, times, timestamps of Connect and Debezium, "
                    + "VariableScaleDecimal) are understood; a default value is cast too.")
            .importance(ConfigDef.Importance.HIGH)
            .rule(values -> MappingRules.castProblem(values))
            .choice(CAST_ON_ERROR, CastOnError.class, CastOnError.FAIL, "What a value that cannot be cast without "
                    + "losing information (a fraction, out of range, text that is not a number) does: fail (the "
                    + "record fails with an error naming the field and the types, never the value) or null (the "
                    + "field becomes null; optional fields only).")
            .pathMappings(INSERT, "list of path:source", MappingRules::sourceProblem, "Step 7: fields to add, as "
                    + "path:source, each optional: $topic, $partition, $offset (sink records; null on source "
                    + "records), $timestamp, $header.<name>, $key.<path>, $value.<path>, $envelope.<path> (row "
                    + "scope: $envelope.source.ts_ms), or a literal. A header, a key or value field and a literal "
                    + "are strings unless a type follows: $header.tenant:int32, 42:int32, true:boolean. Adding a "
                    + "field the row has is an error.")
            .importance(ConfigDef.Importance.MEDIUM)
            .rule(values -> MappingRules.insertProblem(values))
            .bool(FLATTEN, false, "Step 8: whether nested structs (schemaless: nested maps) become top-level fields "
                    + "named by their path joined with flatten.delimiter, as Kafka's Flatten does; on each row "
                    + "image before Unwrap.")
            .importance(ConfigDef.Importance.MEDIUM)
            .string(FLATTEN_DELIMITER, "_", "What joins the names of flattened fields.")
            .validator(Validators.nonBlank())
            .importance(ConfigDef.Importance.LOW)
            .choice(MISSING_FIELDS, MissingFields.class, MissingFields.IGNORE, "What a rename, move, copy, cast or "
                    + "$envelope insert entry naming a field a row does not have does: ignore (skipped, with a "
                    + "warning once per schema) or fail (each record of that schema fails naming the entry). Keep "
                    + "and drop patterns that match nothing are never an error.")
            .with(EnvelopeMode::declare)
            .build();

    /** The keys of the steps with entries, in the order the steps run. */
    private static final List<String> STEP_KEYS = List.of(KEEP, INCLUDE, DROP, EXCLUDE, RENAME, RENAMES, MOVE, COPY,
            CAST, INSERT);

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

    /** The configuration's steps, with the aliases folded in. */
    private static MappingSpec spec(TransformConfig config) {
        List<FieldPath> keep = new ArrayList<>(config.getFieldPaths(KEEP));
        keep.addAll(config.getFieldPaths(INCLUDE));
        List<FieldPath> drop = new ArrayList<>(config.getFieldPaths(DROP));
        drop.addAll(config.getFieldPaths(EXCLUDE));
        List<PathMapping> renameEntries = new ArrayList<>(config.getPathMappings(RENAME));
        renameEntries.addAll(config.getPathMappings(RENAMES));
        return new MappingSpec(List.copyOf(keep), List.copyOf(drop),
                renameEntries.stream().map(MappingSpec.Rename::of).toList(),
                config.getPathMappings(MOVE).stream().map(m -> MappingSpec.Relocation.of(m, false)).toList(),
                config.getPathMappings(COPY).stream().map(m -> MappingSpec.Relocation.of(m, true)).toList(),
                config.getPathMappings(CAST).stream().map(MappingSpec.CastEntry::of).toList(),
                config.getPathMappings(INSERT).stream().map(m -> MappingSpec.Insert.of(m, config.schemaCacheSize()))
                        .toList(),
                config.getBoolean(FLATTEN) ? config.getString(FLATTEN_DELIMITER) : null,
                config.getEnum(CAST_ON_ERROR, CastOnError.class),
                config.getEnum(MISSING_FIELDS, MissingFields.class));
    }

    // ------------------------------------------------------------------ plan

    @Override
    protected void configure(TransformConfig config) {
        MappingSpec spec = spec(config);
        RowRewrite rewrite;
        try {
            MappingPlans plans = new MappingPlans(spec, problem -> LOG.warn("{}{}: {}", displayName(), where(), problem));
            rewrite = spec.isEmpty() ? null
                    : RowRewrite.of(plans, config.getEnum(EnvelopeMode.KEY, EnvelopeMode.class), schemaCacheSize());
        } catch (FieldPathException e) {
            // entries of two steps that may meet on one key of a schemaless row
            String key = STEP_KEYS.stream().filter(k -> config.originals().containsKey(k)).findFirst().orElse(DROP);
            throw config.invalid(key, "conflicts with another entry: " + e.getMessage());
        }
        rows = rewrite == null ? null : measured(rewrite);
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
