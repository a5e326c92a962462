package org.fashionmnist.server.web.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.Parameter;

/** The {@code dataset} path variable, documented once for every endpoint that has it. */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(description = "Dataset id; the bundled one is `fashion-mnist`. Unknown ids are 404.", example = "fashion-mnist")
public @interface DatasetParam {

}
