package org.fashionmnist.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The feature packages know nothing of HTTP; only {@code api} speaks it, and nothing depends on {@code api}. */
class ArchitectureTest {

	/**
	 * Our classes, not the ones {@code spring-boot:process-aot} generates beside them once the jar has been
	 * packaged (named {@code Owner__BeanDefinitions} and the like): they register every bean, api's included.
	 */
	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption((location) -> !location.contains("__"))
		.importPackages("org.fashionmnist.server");

	@Test
	void featuresDoNotDependOnTheApi() {
		noClasses().that()
			.resideOutsideOfPackage("..api..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("..api..")
			.check(classes);
	}

	@Test
	void featuresKnowNothingOfHttp() {
		noClasses().that()
			.resideInAnyPackage("..dataset..", "..image..", "..tensor..", "..inference..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.web..", "org.springframework.http..", "jakarta.servlet..")
			.check(classes);
	}

}
