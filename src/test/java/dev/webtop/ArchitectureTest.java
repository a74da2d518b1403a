package dev.webtop;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.webtop.traffic.Source;
import java.util.Set;

/**
 * The layout DESIGN.md describes, as rules every build checks: rooms without cycles, commands on
 * top, readers apart from writers, connections opened in two places only. A broken rule names
 * the offending class and what it depends on.
 */
@AnalyzeClasses(packages = "dev.webtop", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule packagesHaveNoCycles = slices().matching("dev.webtop.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule nothingImportsTheRootCommand = noClasses().that().resideOutsideOfPackage("dev.webtop")
        .should().dependOnClassesThat().resideInAPackage("dev.webtop")
        .because("the root command wires the commands together and is imported by nobody");

    @ArchTest
    static final ArchRule nothingDependsOnTheCommands = noClasses()
        .that().resideOutsideOfPackages("dev.webtop", "dev.webtop.cli..")
        .should().dependOnClassesThat().resideInAPackage("dev.webtop.cli..");

    @ArchTest
    static final ArchRule readersDoNotDependOnWriters = noClasses()
        .that().resideInAnyPackage("dev.webtop.monitor..", "dev.webtop.report..", "dev.webtop.probe..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.webtop.ingest..", "dev.webtop.generate..")
        .orShould().dependOnClassesThat(resideInAPackage("dev.webtop.traffic..").and(not(type(Source.class))))
        .because("readers see the data through the read side; of the write path only the list of sources");

    @ArchTest
    static final ArchRule onlyDbAndTheWritePathOpenConnections = noClasses()
        .that().resideOutsideOfPackages("dev.webtop.db..", "dev.webtop.traffic..")
        .should().callMethodWhere(opensAConnection())
        .orShould().dependOnClassesThat().haveFullyQualifiedName("com.zaxxer.hikari.HikariDataSource")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("org.postgresql.ds.PGSimpleDataSource")
        .because("db/ decides how to connect, how long to wait and what a lost database means (exit 3)");

    @ArchTest
    static final ArchRule commandsHoldNoSql = noClasses().that().resideInAPackage("dev.webtop.cli..")
        .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.postgresql..",
            "com.zaxxer.hikari..")
        .because("a command parses, delegates and prints; its package's classes hold the SQL");

    /** Database.connect or dataSource, DataSource.getConnection, DriverManager.getConnection. */
    private static DescribedPredicate<JavaMethodCall> opensAConnection() {
        return DescribedPredicate.describe("open a JDBC connection", call -> {
            String owner = call.getTargetOwner().getFullName();
            String name = call.getName();
            return owner.equals("dev.webtop.db.Database") && Set.of("connect", "dataSource").contains(name)
                || name.equals("getConnection") && (owner.equals("java.sql.DriverManager")
                    || call.getTargetOwner().isAssignableTo("javax.sql.DataSource"));
        });
    }
}
