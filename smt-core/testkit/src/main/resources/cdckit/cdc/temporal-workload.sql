-- The streaming workload of the temporal corpus, run once the connector has finished its snapshot
-- (temporal-schema.sql) and is streaming. Each statement is its own transaction.
-- The LAST statement must be a captured change in a transaction of its own: CdcWorkload notes the
-- WAL position before it and waits until the connector has committed an offset past it.

-- A streamed insert (op 'c'): the first moon landing, pre-epoch with a fractional part at each
-- column's precision (so flooring and truncating to a coarser unit give different results).
INSERT INTO shop.moments VALUES (9, 'moon landing', DATE '1969-07-20',
    TIME '20:17:40.123456', TIME '20:17:40', TIME '20:17:40.123', TIMETZ '20:17:40.123456+00',
    TIMESTAMP '1969-07-20 20:17:40.123456', TIMESTAMP '1969-07-20 20:17:40', TIMESTAMP '1969-07-20 20:17:40.123',
    TIMESTAMPTZ '1969-07-20 20:17:40.123456+00', TIMESTAMPTZ '1969-07-20 20:17:40.123+00');

-- Every snapshot row again, streamed (ids 101-108, one transaction, in id order): Debezium reads
-- the snapshot over JDBC and the stream from pgoutput's text, two decoders for the same values.
INSERT INTO shop.moments
SELECT id + 100, 'streamed ' || label, day, time6, time0, time3, timetz6, stamp6, stamp0, stamp3, stamptz6, stamptz3
FROM shop.moments WHERE id <= 8 ORDER BY id;

-- An update (op 'u') of the pre-epoch row to one unit of each precision after the epoch: the
-- before-image is negative, the after-image positive.
UPDATE shop.moments SET label = 'post-epoch', day = DATE '1970-01-02',
    time6 = TIME '00:00:00.000001', time0 = TIME '00:00:01', time3 = TIME '00:00:00.001',
    timetz6 = TIMETZ '00:00:00.000001+00',
    stamp6 = TIMESTAMP '1970-01-01 00:00:00.000001', stamp0 = TIMESTAMP '1970-01-01 00:00:01',
    stamp3 = TIMESTAMP '1970-01-01 00:00:00.001',
    stamptz6 = TIMESTAMPTZ '1970-01-01 00:00:00.000001+00', stamptz3 = TIMESTAMPTZ '1970-01-01 00:00:00.001+00'
WHERE id = 2;

-- A delete (op 'd') + tombstone of the infinity row: its before-image carries infinity and 24:00.
DELETE FROM shop.moments WHERE id = 4;
