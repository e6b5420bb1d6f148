-- The temporal test database: one table with every PostgreSQL date/time type Debezium maps, and the
-- rows that exist BEFORE the connector starts (Debezium's initial snapshot turns them into op 'r'
-- events). temporal-workload.sql runs afterwards. The temporal corpus records this once per
-- time.precision.mode, so a test can check that each mode's encoding of a value denotes the same
-- date, time or instant.
-- Every value is a constant (no now(), no random()), so two runs give the same rows. Each value is
-- written at its column's precision (PostgreSQL would round a finer one).

CREATE SCHEMA shop;

CREATE TABLE shop.moments (
    id        integer PRIMARY KEY,
    label     text NOT NULL,            -- what the row is about
    day       date,
    time6     time,                     -- microseconds (time without a precision is time(6))
    time0     time(0),                  -- whole seconds
    time3     time(3),                  -- milliseconds
    timetz6   timetz,                   -- time with a UTC offset
    stamp6    timestamp,                -- microseconds
    stamp0    timestamp(0),
    stamp3    timestamp(3),
    stamptz6  timestamptz,
    stamptz3  timestamptz(3)
);
-- Full before-images: updates and deletes carry every temporal value of the old row.
ALTER TABLE shop.moments REPLICA IDENTITY FULL;

-- ------------------------------------------------------------------ snapshot rows (op 'r')

-- An ordinary moment, fractional seconds at each column's precision; the zoned values at +02:00.
INSERT INTO shop.moments VALUES (1, 'ordinary', DATE '2024-03-01',
    TIME '09:30:15.123456', TIME '09:30:15', TIME '09:30:15.123', TIMETZ '09:30:15.123456+02',
    TIMESTAMP '2024-03-01 10:15:30.123456', TIMESTAMP '2024-03-01 10:15:30', TIMESTAMP '2024-03-01 10:15:30.123',
    TIMESTAMPTZ '2024-03-01 10:15:30.123456+02', TIMESTAMPTZ '2024-03-01 10:15:30.123+02');

-- Just before the epoch: the last day before it, and one unit of each column's precision before
-- 1970-01-01 00:00 (timestamps) or before midnight (times). Negative epoch values.
INSERT INTO shop.moments VALUES (2, 'pre-epoch', DATE '1969-12-31',
    TIME '23:59:59.999999', TIME '23:59:59', TIME '23:59:59.999', TIMETZ '23:59:59.999999+00',
    TIMESTAMP '1969-12-31 23:59:59.999999', TIMESTAMP '1969-12-31 23:59:59', TIMESTAMP '1969-12-31 23:59:59.999',
    TIMESTAMPTZ '1969-12-31 23:59:59.999999+00', TIMESTAMPTZ '1969-12-31 23:59:59.999+00');

-- The epoch itself, and midnight: every encoding's zero.
INSERT INTO shop.moments VALUES (3, 'epoch', DATE '1970-01-01',
    TIME '00:00:00', TIME '00:00:00', TIME '00:00:00', TIMETZ '00:00:00+00',
    TIMESTAMP '1970-01-01 00:00:00', TIMESTAMP '1970-01-01 00:00:00', TIMESTAMP '1970-01-01 00:00:00',
    TIMESTAMPTZ '1970-01-01 00:00:00+00', TIMESTAMPTZ '1970-01-01 00:00:00+00');

-- PostgreSQL's special values: infinity for date and timestamps; a time has none, so its largest
-- value, 24:00:00 (the end of the day, which PostgreSQL allows and java.time does not).
INSERT INTO shop.moments VALUES (4, 'infinity', DATE 'infinity',
    TIME '24:00:00', TIME '24:00:00', TIME '24:00:00', TIMETZ '24:00:00+00',
    TIMESTAMP 'infinity', TIMESTAMP 'infinity', TIMESTAMP 'infinity',
    TIMESTAMPTZ 'infinity', TIMESTAMPTZ 'infinity');

-- -infinity for date and timestamps; the times one unit of their precision after midnight.
INSERT INTO shop.moments VALUES (5, '-infinity', DATE '-infinity',
    TIME '00:00:00.000001', TIME '00:00:01', TIME '00:00:00.001', TIMETZ '00:00:00.000001+00',
    TIMESTAMP '-infinity', TIMESTAMP '-infinity', TIMESTAMP '-infinity',
    TIMESTAMPTZ '-infinity', TIMESTAMPTZ '-infinity');

-- The last moment of year 9999 (the largest year a four-digit ISO rendering holds); the time with
-- a negative offset, so its UTC rendering wraps past midnight.
INSERT INTO shop.moments VALUES (6, 'far future', DATE '9999-12-31',
    TIME '23:59:59.999999', TIME '23:59:59', TIME '23:59:59.999', TIMETZ '23:59:59.999999-05',
    TIMESTAMP '9999-12-31 23:59:59.999999', TIMESTAMP '9999-12-31 23:59:59', TIMESTAMP '9999-12-31 23:59:59.999',
    TIMESTAMPTZ '9999-12-31 23:59:59.999999+00', TIMESTAMPTZ '9999-12-31 23:59:59.999+00');

-- Before the Gregorian reform and before year 1: the Ides of March, 44 BC (proleptic Gregorian,
-- as PostgreSQL counts; ISO year -43), noon.
INSERT INTO shop.moments VALUES (7, 'ancient', DATE '0044-03-15 BC',
    TIME '12:00:00', TIME '12:00:00', TIME '12:00:00', TIMETZ '12:00:00+00',
    TIMESTAMP '0044-03-15 12:00:00 BC', TIMESTAMP '0044-03-15 12:00:00 BC', TIMESTAMP '0044-03-15 12:00:00 BC',
    TIMESTAMPTZ '0044-03-15 12:00:00+00 BC', TIMESTAMPTZ '0044-03-15 12:00:00+00 BC');

-- Every temporal column null.
INSERT INTO shop.moments (id, label) VALUES (8, 'nulls');
