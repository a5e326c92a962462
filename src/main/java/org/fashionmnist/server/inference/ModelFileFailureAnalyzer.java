package org.fashionmnist.server.inference;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad model file at start-up into one plain description instead of a stack trace. */
class ModelFileFailureAnalyzer extends AbstractFailureAnalyzer<ModelFileException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ModelFileException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Restore models/baseline.onnx and models/baseline.json, point fmnist.models.<id>.path "
						+ "(FMNIST_MODELS_<ID>_PATH) at an ONNX model with input float32 [N,1,28,28] and output [N,10] "
						+ "(for baseline, leave it unset to serve the model bundled in the application), "
						+ "or switch the model off with fmnist.models.<id>.enabled=false.",
				cause);
	}

}
