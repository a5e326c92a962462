package org.fashionmnist.server.web.kserve;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.Parameter;

/** The {@code version} path variable of the Open Inference Protocol. */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(description = "Model version (Open Inference Protocol); each model has the one version `1`. Others are 404.",
		example = "\"1\"") // JSON, so that it stays a string
@interface VersionParam {

}
