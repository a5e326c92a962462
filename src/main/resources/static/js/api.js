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

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/**
 * Fetches JSON. While a model's predictions are still being computed (a 503 with Retry-After), tells
 * `onWait` the problem's detail, waits as asked and tries again.
 */
async function request(url, options = {}, onWait = null) {
	let response;
	try {
		response = await fetch(url, options);
	} catch (networkError) {
		throw new ApiError(`The server cannot be reached (${networkError.message}).`, 0);
	}
	if (response.status === 503 && onWait && response.headers.has("Retry-After")) {
		const problem = await response.json().catch(() => ({}));
		if (problem.type === "/problems/predictions-pending") {
			onWait(problem.detail);
			await sleep(Math.min(Number(response.headers.get("Retry-After")) || 1, 10) * 1000);
			return request(url, options, onWait);
		}
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

/** The filters of a view (true labels, predicted labels, right or wrong) as query parameters. */
function filterQuery(query, view) {
	view.labels.forEach((label) => query.append("label", label));
	view.predicted.forEach((label) => query.append("predicted", label));
	if (view.correct !== null) query.set("correct", view.correct);
	return query;
}

export function items(view, onWait) {
	const query = filterQuery(new URLSearchParams({ page: view.page, size: view.size }), view);
	return request(`${DATASET_URL}/splits/${view.split}/items?${query}`, {}, onWait);
}

export function imageUrl(split, index, scale) {
	return `${DATASET_URL}/splits/${split}/images/${index}.png?scale=${scale}`;
}

export function spriteUrl(view) {
	const query = filterQuery(new URLSearchParams({ offset: view.page * view.size, limit: view.size,
		columns: Math.min(view.size, 12) }), view);
	return `${DATASET_URL}/splits/${view.split}/sprite.png?${query}`;
}

/** The mean image of a class of a split. */
export function meanUrl(split, label) {
	return `${DATASET_URL}/splits/${split}/mean.png?label=${label}`;
}

/** The stored image under the heat map of what made the model choose its class. */
export function saliencyUrl(split, index, scale) {
	return `${DATASET_URL}/splits/${split}/items/${index}/saliency.png?scale=${scale}`;
}

/** The saliency heat map of one image file or blob, as an object URL of the PNG the server draws. */
export async function saliencyOf(blob, scale) {
	let response;
	try {
		response = await fetch(`api/v1/models/${MODEL}/saliency?scale=${scale}`, {
			method: "POST",
			headers: { "Content-Type": blob.type || "application/octet-stream", Accept: "image/png" },
			body: blob,
		});
	} catch (networkError) {
		throw new ApiError(`The server cannot be reached (${networkError.message}).`, 0);
	}
	if (!response.ok) {
		const problem = await response.json().catch(() => ({}));
		throw new ApiError(problem.detail || `${response.status} ${response.statusText}`, response.status);
	}
	return URL.createObjectURL(await response.blob());
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
