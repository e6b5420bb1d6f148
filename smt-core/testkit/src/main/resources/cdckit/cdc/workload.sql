-- The streaming workload, run once the connector has finished its snapshot (schema.sql) and is
-- streaming. Each statement is its own transaction unless grouped by BEGIN/COMMIT.
-- The LAST statement must be a captured change in a transaction of its own: CdcWorkload notes the
-- WAL position before it and waits until the connector has committed an offset past it.

-- products: inserts (op 'c'), one with a TOASTed value, one with nulls and the DEFAULT.
INSERT INTO shop.products (id, code, qty, stock, views, price, weight, rating, score, description, active,
                           released, opens_at, updated_at, created_at, attributes, sku, thumbnail, tags, sizes,
                           status, manual)
VALUES (5, 'P-005', 7, 70, 700, 1234567.89, 3.14159265358979323846, 0.5, 2.718281828, 'Inserted live', true,
        DATE '2025-01-15', TIME '18:45:00.5', TIMESTAMP '2025-01-15 18:45:00.654321',
        TIMESTAMPTZ '2025-01-15 18:45:00-05', '{"nested": {"list": [1, 2, 3]}, "flag": true}',
        'f47ac10b-58cc-4372-a567-0e02b2c3d479', '\xdeadbeef', ARRAY['new'], ARRAY[1],
        'active',
        (SELECT string_agg(md5('live-' || i), '') FROM generate_series(1, 260) AS i));
INSERT INTO shop.products (id, code, description) VALUES (6, 'P-006', 'Will be deleted');

-- update (op 'u') that leaves the TOASTed column alone: after.manual is Debezium's placeholder.
UPDATE shop.products SET price = 17.49, stock = 119, tags = ARRAY['kitchen', 'mug', 'sale'] WHERE id = 1;

-- update that sets a column explicitly to NULL.
UPDATE shop.products SET description = NULL, rating = NULL WHERE id = 2;

-- update that rewrites the TOASTed column: the full new value is delivered.
UPDATE shop.products SET manual = 'rewritten, now short', status = 'retired' WHERE id = 5;

-- primary-key change: delete (old key) + tombstone + create (new key), with the
-- __debezium.newkey / __debezium.oldkey headers.
UPDATE shop.products SET id = 40 WHERE id = 4;

-- delete (op 'd') + tombstone.
DELETE FROM shop.products WHERE id = 6;

-- customers (REPLICA IDENTITY FULL): before-images carry every column.
INSERT INTO shop.customers (id, email, name) VALUES (4, 'edsger@example.com', 'Edsger Dijkstra');
UPDATE shop.customers SET email = 'ada.lovelace@example.com', tier = 4 WHERE id = 1;
UPDATE shop.customers SET phone = NULL WHERE id = 2;

-- Two changes in one transaction.
BEGIN;
UPDATE shop.customers SET name = 'Rear Admiral Grace Hopper' WHERE id = 3;
DELETE FROM shop.customers WHERE id = 3;
COMMIT;

-- audit_log (no primary key): inserts with a null key, then a truncate (op 't').
INSERT INTO shop.audit_log (happened_at, actor, action) VALUES (TIMESTAMP '2025-02-01 08:00:00', 'ada', 'login');
INSERT INTO shop.audit_log (happened_at, actor, action) VALUES (TIMESTAMP '2025-02-01 08:05:00', 'ada', 'logout');
TRUNCATE shop.audit_log;
