package org.fashionmnist.server.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.Parameter;

/** OpenAPI descriptions of the path and query parameters that many endpoints share. */
final class ParameterDocs {

	private ParameterDocs() {
	}

}

@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(description = "Dataset id; the bundled one is `fashion-mnist`. Unknown ids are 404.", example = "fashion-mnist")
@interface DatasetParam {

}

@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(description = "`train` or `test` (`t10k` is an alias of `test`). Unknown splits are 404.", example = "train")
@interface SplitParam {

}

@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(description = "0-based index in the split, as stored in the IDX file: 0..59999 for train, 0..9999 for test. "
		+ "Negative is 400, past the end is 404.", example = "0")
@interface IndexParam {

}

@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(description = "Keep only items of these classes (0..9); repeat the parameter or separate labels by commas. "
		+ "Absent or empty: all classes.", example = "[3, 7]")
@interface LabelParam {

}

@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(description = "Model id; the bundled one is `baseline`. Unknown ids are 404.", example = "baseline")
@interface ModelParam {

}

@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(description = "Model version (Open Inference Protocol); each model has the one version `1`. Others are 404.",
		example = "\"1\"") // JSON, so that it stays a string
@interface VersionParam {

}
