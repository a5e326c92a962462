package org.fashionmnist.server.web.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.Parameter;

/** The {@code label} filter, documented once for every endpoint that takes it. */
@Target({ ElementType.PARAMETER, ElementType.FIELD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(description = "Keep only items of these classes (0..9); repeat the parameter or separate labels by commas. "
		+ "Absent or empty: all classes.", example = "[3, 7]")
public @interface LabelParam {

}
