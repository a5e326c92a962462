package org.fashionmnist.server.inference;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the prediction endpoint, stated in its OpenAPI description.
 *
 * @param maxInstances the most images one request may hold (any input format)
 * @param maxRequestSize the largest request body; a larger declared {@code Content-Length} is refused
 * with 413 before the body is read. Multipart bodies are held to it too (see {@code application.yml}).
 * @param maxImagePixels the most pixels (width x height) an uploaded picture may declare; checked from its
 * header before it is decoded
 * @param maxMemory the most heap that prediction requests in progress may hold (bodies and decoded images,
 * estimated from the declared length); a request that does not fit is refused with 503 before its body is
 * read (see {@link PredictionAdmission})
 */
@ConfigurationProperties("fmnist.predictions")
public record PredictionProperties(@DefaultValue("1000") int maxInstances, @DefaultValue("16MB") DataSize maxRequestSize,
		@DefaultValue("40000000") long maxImagePixels, @DefaultValue("64MB") DataSize maxMemory) {

	public PredictionProperties {
		if (maxInstances < 1 || maxRequestSize.toBytes() < 1 || maxImagePixels < 1 || maxMemory.toBytes() < 1) {
			throw new IllegalArgumentException("fmnist.predictions.* limits must be positive");
		}
		if (maxRequestSize.toBytes() > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("fmnist.predictions.max-request-size must be less than 2 GB");
		}
	}

}
