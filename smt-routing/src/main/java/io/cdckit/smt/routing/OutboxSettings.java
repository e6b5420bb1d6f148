package io.cdckit.smt.routing;

import io.cdckit.smt.routing.OutboxOptions.MissingColumn;
import io.cdckit.smt.routing.OutboxOptions.Place;
import io.cdckit.smt.routing.OutboxOptions.Placement;

import java.util.List;

/**
 * What every {@link OutboxPlan} of one {@link OutboxRouter} configuration shares: the columns it
 * reads (the timestamp and version columns null when unset), the additional placements, and the
 * router's topic routing and JSON expansion (null when off); {@code oracle}: the settings of
 * events from Debezium's Oracle connector, whose unset column keys default to upper case.
 */
record OutboxSettings(OutboxRouter<?> router, String idColumn, String keyColumn, String payloadColumn,
                      String routeColumn, String timestampColumn, String versionColumn, List<Placement> placements,
                      MissingColumn missing, boolean tombstoneOnEmpty, OutboxTopics topics, JsonPayloads json,
                      boolean oracle) {

    /** These settings with other columns of the event id, key, payload and topic, for an Oracle source. */
    OutboxSettings forOracle(String id, String key, String payload, String route) {
        return new OutboxSettings(router, id, key, payload, route, timestampColumn, versionColumn, placements, missing,
                tombstoneOnEmpty, topics, json, true);
    }

    /** Whether the value is an envelope of the payload and additional columns (else the payload alone). */
    boolean envelopeValue() {
        return placements.stream().anyMatch(p -> p.place() == Place.ENVELOPE);
    }
}
