// The view's state lives in the URL, so that a view can be bookmarked and the back button works.

export const PAGE_SIZES = [24, 48, 96, 192];

export function read(location = window.location) {
	const query = new URLSearchParams(location.search);
	const split = query.get("split") === "test" ? "test" : "train";
	const page = Math.max(0, Number.parseInt(query.get("page") ?? "0", 10) || 0);
	const size = PAGE_SIZES.includes(Number(query.get("size"))) ? Number(query.get("size")) : 48;
	const labels = [...new Set(query.getAll("label").map(Number).filter((l) => Number.isInteger(l) && l >= 0 && l <= 9))]
		.sort((a, b) => a - b);
	return { split, page, size, labels };
}

export function toSearch(state) {
	const query = new URLSearchParams({ split: state.split, page: state.page, size: state.size });
	state.labels.forEach((label) => query.append("label", label));
	return `?${query}`;
}

/** Records a new state in the history (a new entry, so Back returns to the previous view). */
export function push(state) {
	const search = toSearch(state);
	if (search !== window.location.search) {
		window.history.pushState(null, "", search);
	}
}
