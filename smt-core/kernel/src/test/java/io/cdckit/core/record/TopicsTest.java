package io.cdckit.core.record;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicsTest {

    @Test
    void kafkasRulesForATopicName() {
        assertNull(Topics.nameProblem("pg.shop_orders-v2"));
        assertTrue(Topics.nameProblem("").contains("empty"));
        assertTrue(Topics.nameProblem(".").contains("'.' or '..'"));
        assertTrue(Topics.nameProblem("..").contains("'.' or '..'"));
        assertNull(Topics.nameProblem("x".repeat(249)));
        assertTrue(Topics.nameProblem("x".repeat(250)).contains("longer than 249"));
        for (String bad : new String[] {"a b", "a/b", "ü", "a$b", "a:b"}) {
            String problem = Topics.nameProblem(bad);
            assertNotNull(problem, bad);
            assertTrue(!problem.contains(bad), "the name is not quoted: " + problem);
        }
    }

    @Test
    void aRewriteReplacesWholeMatchesOnlyAsRegexRouterDoes() {
        Topics.Rewrite r = Topics.Rewrite.of("pg\\.([a-z]+)\\.(.*)", "$2-$1");
        assertEquals("orders-shop", r.apply("pg.shop.orders"));
        assertEquals("pgXshop.orders", r.apply("pgXshop.orders"), "no whole match: kept");
        assertEquals("orders", Topics.Rewrite.of("(?<t>[a-z]+)_v\\d+", "${t}").apply("orders_v12"));
    }

    @Test
    void replacementsAreCheckedAgainstTheRegexsGroups() {
        assertNull(Topics.replacementProblem("(.*)", "$1"));
        assertNull(Topics.replacementProblem("(?<t>.*)", "${t}.x"));
        assertNull(Topics.replacementProblem("(?x) (.*) # a comment", "$1"), "a (?x) comment at the end");
        assertNotNull(Topics.replacementProblem("(.*)", "$2"));
        assertNotNull(Topics.replacementProblem("(.*)", "${nope}"));
        assertNotNull(Topics.replacementProblem("(.*)", "x\\"));
        assertNull(Topics.replacementProblem("(", "$1"), "a regex that does not compile is its own key's problem");
    }
}
