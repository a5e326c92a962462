// Small rendering helpers: DOM built with createElement, never from HTML strings of data.

export function el(tag, attributes = {}, ...children) {
	const element = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) {
		if (name === "class") element.className = value;
		else if (name === "text") element.textContent = value;
		else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
		else if (value !== false && value !== null && value !== undefined) element.setAttribute(name, value);
	}
	element.append(...children.filter((child) => child !== null && child !== undefined));
	return element;
}

/** Top-k probabilities as labelled bars. */
export function bars(top) {
	return el("ol", { class: "bars", "aria-label": "Top predictions" },
		...top.map((entry) => el("li", {},
			el("span", { text: entry.className }),
			el("span", { class: "track", role: "presentation" },
				el("span", { class: "fill", style: `width:${(entry.probability * 100).toFixed(1)}%` })),
			el("span", { text: `${(entry.probability * 100).toFixed(1)}%` }))));
}

/** Page buttons: first, last, and a window around the current page. */
export function pager(container, page, totalPages, go) {
	container.replaceChildren();
	if (totalPages <= 1) return;
	const button = (label, target, extra = {}) => el("button", {
		type: "button", text: label, disabled: target < 0 || target >= totalPages || false,
		onclick: () => go(target), ...extra,
	});
	container.append(button("← Previous", page - 1, { "aria-label": "Previous page" }));
	const shown = new Set([0, totalPages - 1]);
	for (let p = Math.max(0, page - 2); p <= Math.min(totalPages - 1, page + 2); p++) shown.add(p);
	let last = -1;
	for (const p of [...shown].sort((a, b) => a - b)) {
		if (p > last + 1) container.append(el("span", { class: "gap", text: "…" }));
		container.append(button(String(p + 1), p, {
			"aria-label": `Page ${p + 1}`, "aria-current": p === page ? "page" : false,
		}));
		last = p;
	}
	container.append(button("Next →", page + 1, { "aria-label": "Next page" }));
	container.append(el("span", { class: "gap", text: `page ${Math.min(page + 1, totalPages)} of ${totalPages}` }));
}

/**
 * The confusion matrix as a table whose cells are shaded by their share of the row; a cell with images is a
 * button that calls `open(trueLabel, predictedLabel)`.
 */
export function confusionTable(matrix, classNames, open) {
	const short = (name) => name.split("/")[0].slice(0, 7);
	const head = el("tr", {}, el("th", { scope: "col", text: "true \\ predicted" }),
		...classNames.map((name) => el("th", { scope: "col", title: name, text: short(name) })));
	const rows = matrix.map((row, i) => {
		const total = row.reduce((a, b) => a + b, 0) || 1;
		return el("tr", {}, el("th", { scope: "row", text: classNames[i] }),
			...row.map((count, j) => {
				const share = count / total;
				const hue = i === j ? 140 : 5;
				const title = `${classNames[i]} predicted as ${classNames[j]}: ${count}`;
				return el("td", { style: count ? `background:hsl(${hue} 65% ${Math.round(97 - share * 55)}%)` : "" },
					count ? el("button", { type: "button", class: "cell", text: String(count), title, "aria-label": title,
						"data-true": i, "data-predicted": j, onclick: () => open(i, j) }) : "0");
			}));
	});
	return el("div", { class: "table-scroll" }, el("table", { class: "confusion" },
		el("caption", { text: "Confusion matrix on the test split (a count opens its images)" }), el("thead", {}, head), el("tbody", {}, ...rows)));
}
