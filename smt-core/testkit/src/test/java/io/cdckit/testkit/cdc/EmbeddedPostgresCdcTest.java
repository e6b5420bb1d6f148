package io.cdckit.testkit.cdc;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedPostgresCdcTest {

    @Test
    void splitsScriptsIntoStatements() {
        String script = "-- a comment; not a statement\n"
                + "CREATE TABLE t (a text); /* block; comment */\n"
                + "INSERT INTO t VALUES ('semi;colon', 'it''s');\n"
                + "DO $body$ BEGIN PERFORM 1; END $body$;\n"
                + "SELECT $$x;y$$, \"odd;name\"\n"
                + ";\n;  \n"
                + "SELECT 1";
        assertEquals(List.of(
                "CREATE TABLE t (a text)",
                "INSERT INTO t VALUES ('semi;colon', 'it''s')",
                "DO $body$ BEGIN PERFORM 1; END $body$",
                "SELECT $$x;y$$, \"odd;name\"",
                "SELECT 1"), EmbeddedPostgresCdc.SqlScript.split(script));
    }

    @Test
    void parameterPlaceholdersAreNotDollarQuotes() {
        assertEquals(List.of("SELECT $1, $2", "SELECT 2"), EmbeddedPostgresCdc.SqlScript.split("SELECT $1, $2; SELECT 2;"));
    }

    @Test
    void slotNamesAreValidAndUnique() {
        String a = EmbeddedPostgresCdc.slotName("My-Prefix.with.dots");
        String b = EmbeddedPostgresCdc.slotName("My-Prefix.with.dots");
        assertNotEquals(a, b);
        for (String s : List.of(a, b, EmbeddedPostgresCdc.slotName("x".repeat(100)))) {
            assertTrue(s.matches("[a-z0-9_]{1,63}"), s);
        }
    }
}
