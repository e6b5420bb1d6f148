package io.cdckit.smt.routing;

import io.cdckit.smt.routing.OutboxOptions.MissingColumn;
import io.cdckit.smt.routing.OutboxOptions.Place;
import io.cdckit.smt.routing.OutboxOptions.Placement;

import java.util.List;

/**
 * What every {@link OutboxPlan} of one {@link OutboxRouter} configuration shares: the columns it
 * reads (the timestamp and version columns null when unset), the additional placements, and the
 * router's topic routing and JSON expansion (null when off).
 */
record OutboxSettings(OutboxRouter<?> router, String idColumn, String keyColumn, String payloadColumn,
                      String routeColumn, String timestampColumn, String versionColumn, List<Placement> placements,
                      MissingColumn missing, boolean tombstoneOnEmpty, OutboxTopics topics, JsonPayloads json) {

    /** Whether the value is an envelope of the payload and additional columns (else the payload alone). */
    boolean envelopeValue() {
        return placements.stream().anyMatch(p -> p.place() == Place.ENVELOPE);
    }
}
