package org.fashionmnist.server.web.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.Parameter;

/** The {@code index} path variable of an item, documented once for every endpoint that has it. */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(description = "0-based index in the split, as stored in the IDX file: 0..59999 for train, 0..9999 for test. "
		+ "Negative is 400, past the end is 404.", example = "0")
public @interface IndexParam {

}
