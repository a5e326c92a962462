package org.fashionmnist.server.web.http;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.servlet.support.ExtendedServletRequestDataBinder;

/**
 * Query objects (records such as a batch query) are bound from the request's parameters only. Spring MVC
 * would also bind request headers named like a component ({@code Epoch: 5} as {@code epoch}), so that a
 * header a proxy adds could change which batch is sent.
 */
@ControllerAdvice
class QueryBinding {

	@InitBinder
	void parametersOnly(WebDataBinder binder) {
		if (binder instanceof ExtendedServletRequestDataBinder servlet) {
			servlet.setHeaderPredicate((name) -> false);
		}
	}

}
