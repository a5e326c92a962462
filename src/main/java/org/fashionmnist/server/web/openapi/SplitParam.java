package org.fashionmnist.server.web.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.Parameter;

/** The {@code split} path variable, documented once for every endpoint that has it. */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(description = "`train` or `test` (`t10k` is an alias of `test`). Unknown splits are 404.", example = "train")
public @interface SplitParam {

}
