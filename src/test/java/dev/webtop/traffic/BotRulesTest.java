package dev.webtop.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rate rule on crafted seconds: 10 page views by one user is a person, 11 a bot. */
class BotRulesTest {
    private static final byte[] DOMAIN = LogBatch.utf8("a.example");
    private static final byte[] PATH = LogBatch.utf8("/");

    private static void views(LogBatch batch, byte[] user, int count, byte[] eventType) {
        for (int i = 0; i < count; i++) {
            int row = batch.add(1_000_000L * 1_800_000_000L + i * 1000L, DOMAIN, PATH);
            batch.user[row] = user;
            batch.eventType[row] = eventType;
        }
    }

    private static long flagged(LogBatch batch, byte[] user, byte rule) {
        long n = 0;
        for (int i = 0; i < batch.size(); i++) {
            if (batch.user[i] == user && batch.botRule[i] == rule) {
                n++;
            }
        }
        return n;
    }

    @Test
    void moreThanTenPageViewsInOneSecondFlagEveryRowOfThatUser() {
        byte[] ten = LogBatch.utf8("ten");
        byte[] eleven = LogBatch.utf8("eleven");
        byte[] tenAndAClick = LogBatch.utf8("ten-and-a-click");
        LogBatch batch = new LogBatch(Source.GENERATED, 64);
        views(batch, ten, 10, LogBatch.PAGE_VIEW);
        views(batch, eleven, 11, LogBatch.PAGE_VIEW);
        views(batch, tenAndAClick, 10, LogBatch.PAGE_VIEW);
        views(batch, tenAndAClick, 1, LogBatch.utf8("click"));
        new BotRules().flagSecond(batch, 0, batch.size());
        assertEquals(0, flagged(batch, ten, LogBatch.BOT_RATE));
        assertEquals(11, flagged(batch, eleven, LogBatch.BOT_RATE));
        assertEquals(0, flagged(batch, tenAndAClick, LogBatch.BOT_RATE), "a click is not a page view");
        assertEquals(11, batch.bots());
    }

    @Test
    void aCrawlersUserAgentIsABotByItself() {
        byte[] crawler = LogBatch.utf8("crawler");
        LogBatch batch = new LogBatch(Source.GENERATED, 4);
        views(batch, crawler, 1, LogBatch.PAGE_VIEW);
        batch.userAgent[0] = LogBatch.utf8("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");
        new BotRules().flagSecond(batch, 0, batch.size());
        assertEquals(1, flagged(batch, crawler, LogBatch.BOT_USER_AGENT));
        assertTrue(BotRules.isCrawler("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2)"));
        assertFalse(BotRules.isCrawler("Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"));
        assertFalse(BotRules.isCrawler("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"));
    }
}
