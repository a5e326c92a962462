// The public HTTP API, and nothing else: every call the page makes goes through here.

const DATASET = "fashion-mnist";
const MODEL = "baseline";
export const DATASET_URL = `api/v1/datasets/${DATASET}`;

/** An API failure, with the problem's detail when the server sent one. */
export class ApiError extends Error {
	constructor(message, status) {
		super(message);
		this.status = status;
	}
}

async function request(url, options = {}) {
	let response;
	try {
		response = await fetch(url, options);
	} catch (networkError) {
		throw new ApiError(`The server cannot be reached (${networkError.message}).`, 0);
	}
	if (!response.ok) {
		let detail = `${response.status} ${response.statusText}`;
		try {
			const problem = await response.json();
			detail = problem.detail || problem.title || detail;
		} catch {
			// not a problem document: keep the status line
		}
		throw new ApiError(detail, response.status);
	}
	return response.json();
}

export function dataset() {
	return request(DATASET_URL);
}

export function items(split, page, size, labels) {
	const query = new URLSearchParams({ page, size });
	labels.forEach((label) => query.append("label", label));
	return request(`${DATASET_URL}/splits/${split}/items?${query}`);
}

export function imageUrl(split, index, scale) {
	return `${DATASET_URL}/splits/${split}/images/${index}.png?scale=${scale}`;
}

export function spriteUrl(split, offset, limit, labels) {
	const query = new URLSearchParams({ offset, limit, columns: Math.min(limit, 12) });
	labels.forEach((label) => query.append("label", label));
	return `${DATASET_URL}/splits/${split}/sprite.png?${query}`;
}

export function itemPrediction(split, index) {
	return request(`${DATASET_URL}/splits/${split}/items/${index}/prediction?topK=3`);
}

export function model() {
	return request(`api/v1/models/${MODEL}`);
}

/** Classifies one image file or blob; its type says which decoder the server uses. */
export function classify(blob) {
	return request(`api/v1/models/${MODEL}/predictions?topK=3`, {
		method: "POST",
		headers: { "Content-Type": blob.type || "application/octet-stream" },
		body: blob,
	}).then((result) => result.predictions[0]);
}
