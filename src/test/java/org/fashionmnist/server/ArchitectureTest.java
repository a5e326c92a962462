package org.fashionmnist.server;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasModifiers.Predicates.modifier;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layout, as rules: the core ({@code dataset}, {@code image}, {@code tensor}, {@code batch},
 * {@code inference}) knows nothing of HTTP or of the web layer; each web feature ({@code web.dataset},
 * {@code web.batch}, {@code web.prediction}, {@code web.kserve}, {@code web.gallery}) depends on the core and
 * on the shared web rooms ({@code web.http}, {@code web.problem}, {@code web.openapi}), never on another
 * feature; the shared rooms depend on no feature; and no package depends on another that depends back on it.
 */
class ArchitectureTest {

	private static final String[] CORE = { "org.fashionmnist.server.dataset..", "org.fashionmnist.server.image..",
			"org.fashionmnist.server.tensor..", "org.fashionmnist.server.batch..", "org.fashionmnist.server.inference.." };

	private static final String[] SHARED_WEB = { "org.fashionmnist.server.web.http..", "org.fashionmnist.server.web.problem..",
			"org.fashionmnist.server.web.openapi..", "org.fashionmnist.server.web.tomcat.." };

	private static final String[] FEATURES = { "org.fashionmnist.server.web.dataset..", "org.fashionmnist.server.web.batch..",
			"org.fashionmnist.server.web.prediction..", "org.fashionmnist.server.web.kserve..", "org.fashionmnist.server.web.gallery.." };

	/**
	 * Our classes, not the ones {@code spring-boot:process-aot} generates beside them once the jar has been
	 * packaged (named {@code Owner__BeanDefinitions} and the like): they register every bean, across rooms.
	 */
	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption((location) -> !location.contains("__"))
		.importPackages("org.fashionmnist.server");

	@Test
	void theCoreKnowsNothingOfHttp() {
		noClasses().that()
			.resideInAnyPackage(CORE)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.web..", "org.springframework.http..", "jakarta.servlet..", "org.apache.catalina..",
					"org.apache.coyote..", "org.apache.tomcat..", "io.swagger..", "org.springdoc..")
			.check(classes);
	}

	@Test
	void theCoreDoesNotDependOnTheWebLayer() {
		noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat().resideInAPackage("org.fashionmnist.server.web..").check(classes);
	}

	@Test
	void webFeaturesDependOnTheCoreAndTheSharedRoomsNeverOnEachOther() {
		slices().matching("org.fashionmnist.server.web.(*)..")
			.should()
			.notDependOnEachOther()
			.ignoreDependency(alwaysTrue(), resideInAnyPackage(SHARED_WEB))
			.check(classes);
	}

	@Test
	void sharedWebRoomsDependOnNoFeature() {
		noClasses().that().resideInAnyPackage(SHARED_WEB).should().dependOnClassesThat().resideInAnyPackage(FEATURES).check(classes);
	}

	@Test
	void problemsAreTheBottomOfTheWebLayer() {
		noClasses().that()
			.resideInAPackage("org.fashionmnist.server.web.problem..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.fashionmnist.server.web.http..", "org.fashionmnist.server.web.openapi..",
					"org.fashionmnist.server.web.tomcat..")
			.check(classes);
	}

	/**
	 * One suffix per kind: {@code *Test} for what surefire runs in its JVM, {@code *IT} for what failsafe runs
	 * against the packaged jar; an abstract suite (a contract every implementation passes) is named for what it holds.
	 */
	@Test
	void testsAreNamedForTheirKind() {
		JavaClasses tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
			.importPackages("org.fashionmnist.server");
		methods().that()
			.areAnnotatedWith(Test.class)
			.or()
			.areAnnotatedWith(ParameterizedTest.class)
			.should()
			.beDeclaredInClassesThat(nameMatching(".*(Test|IT)(\\$.*)?").<JavaClass>forSubtype()
				.or(modifier(JavaModifier.ABSTRACT).forSubtype()))
			.check(tests);
	}

	@Test
	void noPackageCycles() {
		slices().matching("org.fashionmnist.server.(**)").should().beFreeOfCycles().check(classes);
	}

}
