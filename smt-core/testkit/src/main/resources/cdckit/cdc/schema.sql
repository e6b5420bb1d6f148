-- The CDC test database: schema "shop" and the rows that exist BEFORE the connector starts
-- (Debezium's initial snapshot turns them into op 'r' events). workload.sql runs afterwards.
-- Every value is a constant (no now(), no random()), so two runs give the same rows.

CREATE SCHEMA shop;

-- Every column type a transform meets in practice, a DEFAULT, and a TOASTed text column.
CREATE TABLE shop.products (
    id           integer PRIMARY KEY,
    code         varchar(16) NOT NULL,
    qty          smallint,
    stock        integer,
    views        bigint,
    price        numeric(10,2),
    weight       numeric,                          -- unconstrained: VariableScaleDecimal
    rating       real,
    score        double precision,
    description  text,
    active       boolean,
    released     date,
    opens_at     time,
    updated_at   timestamp,
    created_at   timestamptz,
    attributes   jsonb,
    sku          uuid,
    thumbnail    bytea,
    tags         text[],
    sizes        integer[],
    status       varchar(16) NOT NULL DEFAULT 'draft',
    manual       text                              -- large, stored out of line (TOAST)
);
-- EXTERNAL: out-of-line and never compressed, so an 8 KB value is always TOASTed.
ALTER TABLE shop.products ALTER COLUMN manual SET STORAGE EXTERNAL;

-- Full before-images: every column of the old row in updates and deletes.
CREATE TABLE shop.customers (
    id       integer PRIMARY KEY,
    email    varchar(255) NOT NULL,
    name     text,
    phone    text,
    tier     smallint NOT NULL DEFAULT 1
);
ALTER TABLE shop.customers REPLICA IDENTITY FULL;

-- No primary key: events have a null key. Only inserts and a truncate (without a replica
-- identity PostgreSQL refuses updates and deletes on a published table).
CREATE TABLE shop.audit_log (
    happened_at  timestamp NOT NULL,
    actor        text,
    action       text NOT NULL
);

-- ------------------------------------------------------------------ snapshot rows (op 'r')

INSERT INTO shop.products (id, code, qty, stock, views, price, weight, rating, score, description, active,
                           released, opens_at, updated_at, created_at, attributes, sku, thumbnail, tags, sizes,
                           status, manual)
VALUES (1, 'P-001', 3, 120, 9000000000, 19.99, 1.5, 4.5, 0.125, 'A sturdy mug', true,
        DATE '2024-03-01', TIME '09:30:00', TIMESTAMP '2024-03-01 10:15:30.123456',
        TIMESTAMPTZ '2024-03-01 10:15:30.5+02', '{"color": "red", "dims": {"h": 10, "w": 8}}',
        'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\x00ff10ab', ARRAY['kitchen', 'mug'], ARRAY[250, 350],
        'active',
        -- 8 KB of md5 hex (incompressible enough, and EXTERNAL storage anyway): TOASTed
        (SELECT string_agg(md5('manual-' || i), '') FROM generate_series(1, 260) AS i));

-- Edge values: pre-epoch, one microsecond before the epoch, a negative price, an empty array.
INSERT INTO shop.products (id, code, qty, stock, views, price, weight, rating, score, description, active,
                           released, opens_at, updated_at, created_at, attributes, sku, thumbnail, tags, sizes,
                           status, manual)
VALUES (2, 'P-002', -1, 0, -5, -0.01, 123456789.000123, -2.5, 1e-10, 'Pre-epoch sample', false,
        DATE '1969-12-31', TIME '23:59:59.999999', TIMESTAMP '1969-12-31 23:59:59.999999',
        TIMESTAMPTZ '1969-12-31 23:00:00+00', '[1, "two", null]',
        '00000000-0000-0000-0000-000000000000', '\x', ARRAY[]::text[], ARRAY[]::integer[],
        'active', 'short manual, stored inline');

-- Mostly nulls; status from its DEFAULT.
INSERT INTO shop.products (id, code) VALUES (3, 'P-003');

INSERT INTO shop.products (id, code, qty, price, weight, description, active, released, updated_at, attributes,
                           tags, sizes, status, manual)
VALUES (4, 'P-004', 10, 5.00, 0, 'Key will change', true, DATE '2024-06-30',
        TIMESTAMP '2024-06-30 12:00:00', '{}', ARRAY['a,b', 'with "quotes"', NULL], ARRAY[1, NULL, 3],
        'active', 'inline manual');

INSERT INTO shop.customers (id, email, name, phone, tier) VALUES
    (1, 'ada@example.com', 'Ada Lovelace', '+44 20 7946 0000', 3),
    (2, 'alan@example.com', 'Alan Turing', '+44 161 496 0000', 2),
    (3, 'grace@example.com', 'Grace Hopper', NULL, 1);

INSERT INTO shop.audit_log (happened_at, actor, action) VALUES
    (TIMESTAMP '2024-01-01 00:00:00', 'system', 'created'),
    (TIMESTAMP '2024-01-01 00:00:01', NULL, 'seeded');
