package org.fashionmnist.server.dataset;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad data file at start-up into one plain description instead of a stack trace. */
class DataFileFailureAnalyzer extends AbstractFailureAnalyzer<DataFileException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DataFileException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Restore the original Fashion-MNIST files (their digests are listed in data/fashion-mnist/README.md), "
						+ "point fmnist.data-dir (FMNIST_DATA_DIR) at a directory that holds them, "
						+ "or leave it unset to read the copy bundled in the application.",
				cause);
	}

}
