package dev.webtop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.webtop.cli.SqlInACommand;
import dev.webtop.support.TestDatabase;
import dev.webtop.support.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The architecture rules catch what they are about, and commands stay small enough to read at a glance. */
class ArchitectureRulesTest {
    @Test
    void aClassThatOpensItsOwnConnectionBreaksTheRuleAndIsNamed() {
        // the tests' own database helper connects directly, as no main class outside db/ may
        JavaClasses offender = new ClassFileImporter().importClasses(TestDatabase.class);
        EvaluationResult result = ArchitectureTest.onlyDbAndTheWritePathOpenConnections.evaluate(offender);
        assertTrue(result.hasViolation());
        String report = result.getFailureReport().toString();
        assertTrue(report.contains("dev.webtop.support.TestDatabase") && report.contains("Database.connect"), report);
    }

    @Test
    void aCommandThatReachesForSqlBreaksTheRule() {
        JavaClasses offender = new ClassFileImporter().importClasses(SqlInACommand.class);
        EvaluationResult result = ArchitectureTest.commandsHoldNoSql.evaluate(offender);
        assertTrue(result.getFailureReport().toString().contains("SqlInACommand"), result.getFailureReport().toString());
    }

    @Test
    void noCommandIsOver200Lines() throws IOException {
        Path cli = TestPaths.projectRoot().resolve("src/main/java/dev/webtop/cli");
        try (Stream<Path> files = Files.list(cli)) {
            List<String> tooLong = files.filter(f -> lines(f) > 200).map(f -> f.getFileName() + ": " + lines(f)).toList();
            assertTrue(tooLong.isEmpty(), "cli classes over 200 lines: " + tooLong);
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
