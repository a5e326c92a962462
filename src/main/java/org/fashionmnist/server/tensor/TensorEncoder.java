package org.fashionmnist.server.tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Writes a list of tensors as one file of some format, straight into a stream. */
public interface TensorEncoder {

	/** The media type of the encoded file. */
	String contentType();

	/**
	 * Names this encoder's output in entity tags, so that a server whose encoder writes other bytes never
	 * matches a batch cached from another. Change it whenever the bytes of any encoding change.
	 */
	String version();

	/** The usual file name extension, without the dot. */
	String fileExtension();

	/** The exact number of bytes {@link #write} will write, or -1 when it is only known afterwards. */
	long contentLength(List<Tensor> tensors);

	/**
	 * Writes the tensors in the given order; the same tensors always give the same bytes. Does not close
	 * {@code out}.
	 */
	void write(OutputStream out, List<Tensor> tensors) throws IOException;

}
