package org.fashionmnist.server.web.http;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cross-origin reads and predictions ({@code fmnist.web.cors.*}): by default every origin may call the
 * dataset, batch, model and V2 endpoints, since no credentials are involved.
 *
 * @param enabled whether CORS headers are sent at all
 * @param allowedOrigins origins allowed, or patterns such as {@code https://*.example.org}; {@code *} is any
 * @param allowedMethods methods a cross-origin page may use
 * @param allowedHeaders request headers it may send; {@code *} is any
 * @param exposedHeaders response headers its script may read besides the CORS-safelisted ones
 * @param maxAge how long a browser may cache a preflight's answer
 */
@ConfigurationProperties("fmnist.web.cors")
public record CorsProperties(@DefaultValue("true") boolean enabled, @DefaultValue("*") List<String> allowedOrigins,
		@DefaultValue({ "GET", "HEAD", "POST", "OPTIONS" }) List<String> allowedMethods,
		@DefaultValue("*") List<String> allowedHeaders,
		@DefaultValue({ "ETag", "Link", "X-Total-Count", "X-Batch-Index", "X-Batch-Count", "Inference-Header-Content-Length",
				"Retry-After", "Content-Disposition" }) List<String> exposedHeaders,
		@DefaultValue("1h") Duration maxAge) {

	/** The paths CORS applies to: the API and the Open Inference Protocol, not the gallery or actuator. */
	static final List<String> PATHS = List.of("/api/**", "/v2/**");

}
