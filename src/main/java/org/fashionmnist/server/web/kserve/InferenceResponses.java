package org.fashionmnist.server.web.kserve;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.fashionmnist.server.inference.Classification;
import org.fashionmnist.server.inference.Model;
import org.fashionmnist.server.web.kserve.InferenceBodies.InferenceResponse;
import org.fashionmnist.server.web.kserve.InferenceBodies.ResponseOutput;
import org.fashionmnist.server.web.kserve.InferenceRequests.InferenceRequest;
import org.fashionmnist.server.web.kserve.InferenceRequests.OutputRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Writes the answer to an inference request: JSON, or, when an output is asked for as binary data, the
 * JSON object followed by the outputs' little-endian bytes, with {@code Inference-Header-Content-Length}
 * and {@code Content-Type: application/octet-stream} as Triton answers.
 */
final class InferenceResponses {

	private InferenceResponses() {
	}

	static ResponseEntity<?> of(JsonMapper json, Model model, String version, InferenceRequest request,
			Classification[] classifications) {
		int classes = model.classNames().size();
		float[] probabilities = new float[classifications.length * classes];
		for (int i = 0; i < classifications.length; i++) {
			System.arraycopy(classifications[i].probabilities(), 0, probabilities, i * classes, classes);
		}
		long[] shape = { classifications.length, classes };
		List<ResponseOutput> outputs = new ArrayList<>();
		ByteBuffer binary = null;
		for (OutputRequest output : request.outputs()) {
			if (output.binary()) {
				binary = ByteBuffer.allocate(probabilities.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
				binary.asFloatBuffer().put(probabilities);
				outputs.add(new ResponseOutput(output.name(), shape, InferenceInputs.FP32,
						Map.of("binary_data_size", binary.capacity()), null));
			}
			else {
				outputs.add(new ResponseOutput(output.name(), shape, InferenceInputs.FP32, null, probabilities));
			}
		}
		InferenceResponse response = new InferenceResponse(model.id(), version, request.id(), outputs);
		if (binary == null) {
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(response);
		}
		byte[] header = json.writeValueAsBytes(response);
		byte[] body = new byte[header.length + binary.capacity()];
		System.arraycopy(header, 0, body, 0, header.length);
		System.arraycopy(binary.array(), 0, body, header.length, binary.capacity());
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.header(InferenceRequests.HEADER_LENGTH, Integer.toString(header.length))
			.body(body);
	}

}
