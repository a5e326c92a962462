package org.fashionmnist.server.api;

import java.util.List;

import org.fashionmnist.server.tensor.Tensor;
import org.fashionmnist.server.tensor.TensorEncoder;

/** A response body of tensors, written by {@link TensorPayloadHttpMessageConverter} as it is encoded. */
record TensorPayload(TensorEncoder encoder, List<Tensor> tensors) {
}
