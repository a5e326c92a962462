package org.fashionmnist.server.web.kserve;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.fashionmnist.server.inference.Instances;
import org.fashionmnist.server.inference.InvalidInputException;
import org.fashionmnist.server.inference.PredictionProperties;
import org.fashionmnist.server.web.http.RequestBodies;
import org.fashionmnist.server.web.kserve.InferenceBodies.RequestBody;
import org.fashionmnist.server.web.kserve.InferenceBodies.RequestOutputBody;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Reads an Open Inference Protocol inference request: a JSON body, or (Triton's binary tensor data
 * extension) a JSON object of {@code Inference-Header-Content-Length} bytes followed by the tensors'
 * bytes. As in Triton, that header and not the {@code Content-Type} tells the two apart: Triton's own
 * client sends binary requests without a {@code Content-Type}. The body is held to the prediction
 * limits of the v1 endpoint.
 */
@Component
class InferenceRequests {

	static final String HEADER_LENGTH = "Inference-Header-Content-Length";

	static final String OUTPUT = "probabilities";

	private final PredictionProperties limits;

	private final InferenceRequestJson json;

	InferenceRequests(PredictionProperties limits, JsonMapper json) {
		this.limits = limits;
		this.json = new InferenceRequestJson(json);
	}

	/** A request: its id (to be echoed), its images and the outputs to answer with, in order. */
	record InferenceRequest(@Nullable String id, Instances instances, List<OutputRequest> outputs) {
	}

	/** An output to answer with, as JSON data or as binary data after the JSON object. */
	record OutputRequest(String name, boolean binary) {
	}

	InferenceRequest read(HttpServletRequest request) throws IOException {
		refuseEncodedBodies(request);
		byte[] body = RequestBodies.read(request, this.limits.maxRequestSize());
		String headerLength = request.getHeader(HEADER_LENGTH);
		int length = (headerLength != null) ? headerLength(headerLength, body.length) : body.length;
		if (length == 0 && headerLength != null) {
			Instances instances = InferenceInputs.raw(ByteBuffer.wrap(body), this.limits.maxInstances());
			return new InferenceRequest(null, instances, List.of(new OutputRequest(OUTPUT, true)));
		}
		RequestBody header = this.json.read(body, 0, length, this.limits.maxInstances() * Instances.PIXELS);
		List<OutputRequest> outputs = outputs(header);
		ByteBuffer binary = ByteBuffer.wrap(body, length, body.length - length);
		Instances instances = InferenceInputs.read(header.inputs(), binary, headerLength != null,
				this.limits.maxInstances());
		return new InferenceRequest(header.id(), instances, outputs);
	}

	private static int headerLength(String value, int bodyLength) {
		long length;
		try {
			length = Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			length = -1;
		}
		if (length < 0) {
			throw new InvalidInputException(HEADER_LENGTH + " must be the length of the JSON object in bytes, found '"
					+ value + "'.");
		}
		if (length > bodyLength) {
			throw new InvalidInputException(HEADER_LENGTH + " says the JSON object has " + length
					+ " bytes, but the whole body has only " + bodyLength + ".");
		}
		return (int) length;
	}

	/** The outputs asked for, or the one output when none is named; binary as the parameters say. */
	private static List<OutputRequest> outputs(RequestBody header) {
		Boolean binaryOutput = flag(header.parameters(), "binary_data_output", "parameters");
		boolean binaryByDefault = Boolean.TRUE.equals(binaryOutput);
		if (header.outputs() == null || header.outputs().isEmpty()) {
			return List.of(new OutputRequest(OUTPUT, binaryByDefault));
		}
		List<OutputRequest> outputs = new ArrayList<>();
		for (RequestOutputBody output : header.outputs()) {
			if (!OUTPUT.equals(output.name())) {
				throw InferenceRequestJson.invalid("the model has no output '" + output.name() + "'; its one output is '"
						+ OUTPUT + "'");
			}
			if (!outputs.isEmpty()) {
				throw InferenceRequestJson.invalid("output '" + OUTPUT + "' is asked for more than once");
			}
			Boolean binary = flag(output.parameters(), "binary_data", "outputs[" + outputs.size() + "].parameters");
			outputs.add(new OutputRequest(OUTPUT, (binary != null) ? binary : binaryByDefault));
		}
		return outputs;
	}

	private static @Nullable Boolean flag(Map<String, Object> parameters, String name, String where) {
		Object value = parameters.get(name);
		if (value != null && !(value instanceof Boolean)) {
			throw InferenceRequestJson.invalid("\"" + where + "." + name + "\" must be true or false, found " + value);
		}
		return (Boolean) value;
	}

	/** Compressed request bodies are an option of Triton's that this server does not take. */
	private static void refuseEncodedBodies(HttpServletRequest request) {
		String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
		if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
			throw new ErrorResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding '" + encoding
							+ "' is not supported: send the inference request uncompressed."), null);
		}
	}

}
