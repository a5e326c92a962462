// The view's state lives in the URL, so that a view can be bookmarked and the back button works.

export const PAGE_SIZES = [24, 48, 96, 192];

function labelList(query, name) {
	return [...new Set(query.getAll(name).map(Number).filter((l) => Number.isInteger(l) && l >= 0 && l <= 9))]
		.sort((a, b) => a - b);
}

export function read(location = window.location) {
	const query = new URLSearchParams(location.search);
	const split = query.get("split") === "test" ? "test" : "train";
	const page = Math.max(0, Number.parseInt(query.get("page") ?? "0", 10) || 0);
	const size = PAGE_SIZES.includes(Number(query.get("size"))) ? Number(query.get("size")) : 48;
	const correct = ["true", "false"].includes(query.get("correct")) ? query.get("correct") === "true" : null;
	return { split, page, size, labels: labelList(query, "label"), predicted: labelList(query, "predicted"), correct };
}

export function toSearch(state) {
	const query = new URLSearchParams({ split: state.split, page: state.page, size: state.size });
	state.labels.forEach((label) => query.append("label", label));
	state.predicted.forEach((label) => query.append("predicted", label));
	if (state.correct !== null) query.set("correct", state.correct);
	return `?${query}`;
}

/** Whether the view chooses images by what the model predicts, so that tiles show the prediction. */
export function byPrediction(state) {
	return state.predicted.length > 0 || state.correct !== null;
}

/** Records a new state in the history (a new entry, so Back returns to the previous view). */
export function push(state) {
	const search = toSearch(state);
	if (search !== window.location.search) {
		window.history.pushState(null, "", search);
	}
}
