package org.convexnn.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core follows the pipeline {@code settings → linalg → data → arrangement → program → solver → certificate → network →
 * baseline → io → api → analysis} (docs/architecture.md): a package uses only packages to its left, and no two
 * packages depend on each other in a cycle.
 */
class PipelineLayersTest {
    /** The layers, left to right; each is a package with its sub-packages. */
    static final List<String> PIPELINE = List.of("settings", "linalg", "data", "arrangement", "program", "solver",
            "certificate",
            "network", "baseline", "io", "api", "analysis");

    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.convexnn");
    }

    /** The pipeline's rule: each layer may be used only by the layers to its right. */
    static LayeredArchitecture pipeline() {
        LayeredArchitecture arch = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String layer : PIPELINE) {
            arch = arch.layer(layer).definedBy("org.convexnn." + layer + "..");
        }
        for (int i = 0; i < PIPELINE.size() - 1; i++) {
            String[] right = PIPELINE.subList(i + 1, PIPELINE.size()).toArray(new String[0]);
            arch = arch.whereLayer(PIPELINE.get(i)).mayOnlyBeAccessedByLayers(right);
        }
        return arch.whereLayer(PIPELINE.get(PIPELINE.size() - 1)).mayNotBeAccessedByAnyLayer();
    }

    @Test
    void everyPackageUsesOnlyPackagesToItsLeft() {
        pipeline().check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.convexnn.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void everyPackageIsInThePipeline() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes().should()
                .resideInAnyPackage(PIPELINE.stream().map(l -> "org.convexnn." + l + "..").toArray(String[]::new))
                .check(classes);
    }
}
