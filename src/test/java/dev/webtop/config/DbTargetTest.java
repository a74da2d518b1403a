package dev.webtop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import org.junit.jupiter.api.Test;

class DbTargetTest {

    @Test
    void parsesALibpqUrlWithEveryPart() {
        DbTarget target = DbTarget.parse("postgresql://alice:s3cret@db.example:6543/traffic?sslmode=require",
            "postgres", null, "website_tracker");
        assertEquals("db.example", target.host());
        assertEquals(6543, target.port());
        assertEquals("traffic", target.database());
        assertEquals("alice", target.user());
        assertEquals("s3cret", target.password());
        assertEquals("jdbc:postgresql://db.example:6543/traffic?sslmode=require", target.jdbcUrl());
    }

    @Test
    void fillsMissingPartsFromTheFallbacksLikeLibpq() {
        DbTarget target = DbTarget.parse("postgres://db.example", "bob", "pw", "website_tracker");
        assertEquals(5432, target.port());
        assertEquals("bob", target.user());
        assertEquals("pw", target.password());
        assertEquals("website_tracker", target.database());
    }

    @Test
    void acceptsJdbcUrlsAndCredentialsAsQueryParameters() {
        DbTarget target = DbTarget.parse("jdbc:postgresql://127.0.0.1:5433/x?user=u&password=p%40ss",
            "postgres", null, "website_tracker");
        assertEquals("u", target.user());
        assertEquals("p@ss", target.password());
        assertEquals("jdbc:postgresql://127.0.0.1:5433/x", target.jdbcUrl());
    }

    @Test
    void decodesPercentEncodedPasswords() {
        DbTarget target = DbTarget.parse("postgresql://u:a%2Fb%3Ac+d@h/db", null, null, "db");
        assertEquals("a/b:c+d", target.password());
    }

    @Test
    void maskedUrlAndToStringNeverContainThePassword() {
        DbTarget target = DbTarget.parse("postgresql://alice:s3cret@h:1/db", null, null, "db");
        assertEquals("postgresql://alice:****@h:1/db", target.maskedUrl());
        assertFalse(target.toString().contains("s3cret"));
        DbTarget query = DbTarget.parse("postgresql://h/db?password=s3cret", "u", null, "db");
        assertFalse(query.maskedUrl().contains("s3cret"));
    }

    @Test
    void aUrlWithoutPasswordShowsNoMask() {
        DbTarget target = DbTarget.parse("postgresql://alice@h/db", null, null, "db");
        assertNull(target.password());
        assertEquals("postgresql://alice@h:5432/db", target.maskedUrl());
    }

    @Test
    void rejectsOtherSchemesWithExitCode2AndAMaskedEcho() {
        WebtopException e = assertThrows(WebtopException.class,
            () -> DbTarget.parse("mysql://root:hunter2@h/db", null, null, "db"));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getMessage().contains("postgresql://user:password@host:port/database"));
    }
}
