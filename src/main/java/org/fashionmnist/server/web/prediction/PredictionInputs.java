package org.fashionmnist.server.web.prediction;

import java.io.IOException;
import java.util.List;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

import org.fashionmnist.server.inference.ImageDecoder;
import org.fashionmnist.server.inference.InputTooLargeException;
import org.fashionmnist.server.inference.Instances;
import org.fashionmnist.server.inference.InvalidInputException;
import org.fashionmnist.server.inference.Inversion;
import org.fashionmnist.server.inference.Model;
import org.fashionmnist.server.inference.PredictionAdmission;
import org.fashionmnist.server.inference.PredictionAdmission.Reservation;
import org.fashionmnist.server.inference.PredictionProperties;
import org.fashionmnist.server.inference.input.InstancesJson;
import org.fashionmnist.server.inference.input.NpyInstances;
import org.fashionmnist.server.tensor.NpyReader;
import org.fashionmnist.server.web.http.RequestBodies;
import org.fashionmnist.server.web.problem.Problems;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * Reads the images of a prediction request, by its media type: a raw picture, multipart {@code file}
 * parts, JSON instances or a {@code .npy} array. Enforces the body and instance limits.
 */
@Component
class PredictionInputs {

	private final PredictionProperties limits;

	private final ImageDecoder images;

	private final JsonMapper json;

	private final PredictionAdmission admission;

	PredictionInputs(PredictionProperties limits, JsonMapper json, PredictionAdmission admission) {
		this.limits = limits;
		this.images = new ImageDecoder(limits.maxImagePixels());
		this.json = json;
		this.admission = admission;
	}

	/**
	 * What every endpoint that takes images to classify does: parses {@code invert}, admits the request by the
	 * memory it declares (a 503 when the requests in progress hold too much, before the body is read), reads
	 * its images and runs {@code work} on them while the admission holds.
	 */
	<T> T admitted(HttpServletRequest request, Model model, String invert, Function<Instances, T> work)
			throws IOException, HttpMediaTypeNotSupportedException {
		Inversion inversion = Inversion.parse(invert)
			.orElseThrow(() -> Problems.invalidParameter("invert", "must be auto, true or false, found '" + invert + "'"));
		try (Reservation reservation = RequestBodies.beforeReading(request, this.limits.maxRequestSize(),
				() -> this.admission.admit(request.getContentLengthLong(), model.id(), model.settings().retryAfter()))) {
			return work.apply(read(request, inversion));
		}
	}

	Instances read(HttpServletRequest request, Inversion inversion) throws IOException, HttpMediaTypeNotSupportedException {
		MediaType type = mediaType(request);
		PredictionBody kind = PredictionBody.of(type)
			.orElseThrow(() -> new HttpMediaTypeNotSupportedException(type, PredictionBody.mediaTypes(), HttpMethod.POST));
		if (request instanceof MultipartHttpServletRequest multipart) {
			return parts(multipart.getMultiFileMap().get("file"), multipart, inversion);
		}
		byte[] body = RequestBodies.read(request, this.limits.maxRequestSize());
		return switch (kind.form()) {
			case PICTURE -> new Instances(this.images.decode(body, inversion), 1);
			case INSTANCES -> InstancesJson.read(this.json, body, this.limits.maxInstances());
			case NPY_OR_PICTURE -> (body.length > 0 && !NpyReader.hasMagic(body)) ? octetStreamPicture(body, inversion)
					: NpyInstances.read(body, this.limits.maxInstances());
			case NPY -> NpyInstances.read(body, this.limits.maxInstances());
			// Multipart bodies are parsed by the container, which wraps the request; one it did not is not multipart.
			case FILE_PARTS -> throw new InvalidInputException("The multipart body is malformed; send a multipart/form-data body "
					+ "with one part named 'file' per image.");
		};
	}

	/**
	 * Bytes of unknown type (a browser sends a file whose type it does not know as
	 * {@code application/octet-stream}) that are not {@code .npy}: a picture, if they are one.
	 */
	private Instances octetStreamPicture(byte[] body, Inversion inversion) {
		try {
			return new Instances(this.images.decode(body, inversion), 1);
		}
		catch (InvalidInputException ex) {
			if (ex instanceof InputTooLargeException || !ex.getMessage().startsWith("The bytes are not")) {
				throw ex;
			}
			throw new InvalidInputException("The body is neither a .npy file (which starts with \\x93NUMPY) nor a PNG, "
					+ "JPEG, GIF or BMP picture.");
		}
	}

	private Instances parts(List<MultipartFile> files, MultipartHttpServletRequest request, Inversion inversion)
			throws IOException {
		if (files == null || files.isEmpty()) {
			throw new InvalidInputException("The multipart body has no part named 'file'; send each image as a part named "
					+ "'file' (found parts " + request.getMultiFileMap().keySet() + ").");
		}
		if (files.size() > this.limits.maxInstances()) {
			throw new InputTooLargeException("The multipart body holds " + files.size() + " files, more than the "
					+ this.limits.maxInstances() + " one request may hold; split it into several requests.");
		}
		float[] pixels = new float[files.size() * Instances.PIXELS];
		for (int i = 0; i < files.size(); i++) {
			float[] image = decodePart(files.get(i), i, inversion);
			System.arraycopy(image, 0, pixels, i * Instances.PIXELS, Instances.PIXELS);
		}
		return new Instances(pixels, files.size());
	}

	private float[] decodePart(MultipartFile file, int index, Inversion inversion) throws IOException {
		try {
			return this.images.decode(file.getBytes(), inversion);
		}
		catch (InputTooLargeException ex) {
			throw new InputTooLargeException(partName(file, index) + ex.getMessage());
		}
		catch (InvalidInputException ex) {
			throw new InvalidInputException(partName(file, index) + ex.getMessage(), ex);
		}
	}

	private static String partName(MultipartFile file, int index) {
		String name = file.getOriginalFilename();
		return "Part " + index + " (0-based)" + ((name != null && !name.isBlank()) ? " '" + name + "'" : "") + ": ";
	}

	private static MediaType mediaType(HttpServletRequest request) throws HttpMediaTypeNotSupportedException {
		String header = request.getContentType();
		if (header == null || header.isBlank()) {
			return MediaType.APPLICATION_OCTET_STREAM;
		}
		try {
			return MediaType.parseMediaType(header);
		}
		catch (IllegalArgumentException ex) {
			throw new HttpMediaTypeNotSupportedException("Content-Type '" + header + "' is not a media type", PredictionBody.mediaTypes());
		}
	}

}
