package org.fashionmnist.server.api;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

import org.fashionmnist.server.tensor.Tensor;
import org.fashionmnist.server.tensor.TensorEncoder;

/**
 * A response body of tensors, written by {@link TensorPayloadHttpMessageConverter} as it is encoded.
 * To OpenAPI it is what it is on the wire, a binary file.
 */
@Schema(type = "string", format = "binary")
record TensorPayload(TensorEncoder encoder, List<Tensor> tensors) {
}
