// The gallery page: a grid of one split's images with class filters and pages, a detail view with the
// model's prediction, a "classify your own" panel and a summary of the dataset and the model.
import * as api from "./api.js";
import * as state from "./state.js";
import { bars, confusionTable, el, pager } from "./views.js";
import { setUpDrawing } from "./drawing.js";

const $ = (id) => document.getElementById(id);
let classNames = [];
let view = state.read();
let shown = { items: [], totalPages: 0 };
let detailPosition = -1;
let loadToken = 0;

function showError(message) {
	$("error").hidden = false;
	$("error").textContent = message;
}

function clearError() {
	$("error").hidden = true;
	$("error").textContent = "";
}

function setStatus(message) {
	$("status").textContent = message;
}

// ---- the grid ----

/**
 * Placeholder tiles of the same size as the real ones, so that the page does not move when the images
 * arrive (no layout shift): as many as the page will show, with a prediction line when the view has one.
 */
function renderSkeleton() {
	const line = (name) => el("span", { class: name, text: "\u00a0" });
	$("grid").replaceChildren(...Array.from({ length: view.size }, () => el("li", { class: "tile placeholder", "aria-hidden": "true" },
		el("button", { type: "button", tabindex: "-1", disabled: true }, el("span", { class: "box" }), line("name"),
			state.byPrediction(view) ? line("predicted") : null, line("index")))));
}

async function load() {
	const token = ++loadToken;
	syncControls();
	$("grid").classList.add("loading");
	$("grid").setAttribute("aria-busy", "true");
	setStatus("Loading images…");
	try {
		const page = await api.items(view, (detail) => { if (token === loadToken) setStatus(detail); });
		await datasetLoaded;
		if (token !== loadToken) return;
		clearError();
		shown = page;
		renderGrid(page);
		const filter = describeFilter();
		setStatus(page.items.length
			? `${page.totalItems.toLocaleString()} ${view.split} images${filter}; this page shows #${page.items[0].index} to #${page.items.at(-1).index}.`
			: `No images on page ${view.page + 1}: ${page.totalItems.toLocaleString()} images${filter} fill ${page.totalPages} pages.`);
	} catch (error) {
		if (token !== loadToken) return;
		$("grid").replaceChildren();
		setStatus("");
		showError(`Could not load the images: ${error.message}`);
	} finally {
		if (token === loadToken) {
			$("grid").classList.remove("loading");
			$("grid").removeAttribute("aria-busy");
		}
	}
}

/** The filters in words, e.g. " of Shirt, predicted as T-shirt/top, misclassified". */
function describeFilter() {
	const names = (labels) => labels.map((l) => classNames[l] ?? l).join(", ");
	const parts = [];
	if (view.labels.length) parts.push(` of ${names(view.labels)}`);
	if (view.predicted.length) parts.push(` predicted as ${names(view.predicted)}`);
	if (view.correct !== null) parts.push(view.correct ? " classified rightly" : " misclassified");
	return parts.join(",");
}

function renderGrid(page) {
	$("grid").replaceChildren(...page.items.map((item, position) => el("li", { class: "tile" },
		el("button", { type: "button", "data-index": item.index, onclick: () => openDetail(position) },
			el("img", {
				src: `${item.imageUrl}?scale=4`, width: 112, height: 112, loading: position < 12 ? "eager" : "lazy",
				alt: `${item.className}, ${view.split} image ${item.index}`,
			}),
			el("span", { class: "name", text: item.className }),
			item.predictedLabel === undefined ? null : el("span", {
				class: `predicted ${item.predictedLabel === item.label ? "ok" : "bad"}`,
				text: `→ ${classNames[item.predictedLabel] ?? item.predictedLabel} ${(item.confidence * 100).toFixed(0)}%`,
			}),
			el("span", { class: "index", text: `#${item.index}` })))));
	const go = (target) => navigate({ ...view, page: target });
	pager($("pager-top"), view.page, page.totalPages, go);
	pager($("pager-bottom"), view.page, page.totalPages, go);
	$("sprite-link").href = api.spriteUrl(view);
}

function navigate(next) {
	view = next;
	state.push(view);
	return load();
}

function syncControls() {
	document.querySelectorAll("input[name=split]").forEach((radio) => { radio.checked = radio.value === view.split; });
	document.querySelectorAll("#class-filters input").forEach((box) => { box.checked = view.labels.includes(Number(box.value)); });
	$("page-size").value = String(view.size);
	$("misclassified").checked = view.correct === false;
	$("predicted-filter").hidden = view.predicted.length === 0;
	$("predicted-names").textContent = view.predicted.map((l) => classNames[l] ?? l).join(", ");
}

function setUpControls() {
	document.querySelectorAll("input[name=split]").forEach((radio) => radio.addEventListener("change",
		() => navigate({ ...view, split: radio.value, page: 0 })));
	$("page-size").addEventListener("change", () => navigate({ ...view, size: Number($("page-size").value), page: 0 }));
	$("clear-classes").addEventListener("click", () => navigate({ ...view, labels: [], page: 0 }));
	$("class-filters").addEventListener("change", () => {
		const labels = [...document.querySelectorAll("#class-filters input:checked")].map((box) => Number(box.value));
		navigate({ ...view, labels, page: 0 });
	});
	$("misclassified").addEventListener("change",
		() => navigate({ ...view, correct: $("misclassified").checked ? false : null, page: 0 }));
	$("clear-predicted").addEventListener("click", () => navigate({ ...view, predicted: [], page: 0 }));
	window.addEventListener("popstate", () => {
		view = state.read();
		load();
	});
}

/**
 * The class chips: index.html holds Fashion-MNIST's, so that they take their place before anything loads;
 * they are rebuilt only if the dataset's names differ.
 */
function renderClassFilters() {
	const chips = [...document.querySelectorAll("#class-filters label.chip")];
	if (chips.length !== classNames.length || chips.some((chip, label) => chip.textContent.trim() !== classNames[label])) {
		$("class-filters").replaceChildren(...classNames.map((name, label) => el("label", { class: "chip" },
			el("input", { type: "checkbox", value: label }), name)));
	}
	syncControls();
}

// ---- the detail view ----

/** The enlarged image, or the same under its saliency heat map when the toggle is on. */
function detailImageUrl(item) {
	return $("detail-saliency").checked
		? api.saliencyUrl(view.split, item.index, 10) : api.imageUrl(view.split, item.index, 10);
}

async function openDetail(position) {
	const item = shown.items[position];
	if (!item) return;
	detailPosition = position;
	$("detail-title").textContent = `${item.className} — ${view.split} image ${item.index}`;
	$("detail-image").src = detailImageUrl(item);
	$("detail-image").alt = `${item.className}, ${view.split} image ${item.index}, enlarged`;
	$("detail-truth").textContent = `True class: ${item.className} (label ${item.label})`;
	$("detail-prev").disabled = position === 0 && view.page === 0;
	$("detail-next").disabled = position === shown.items.length - 1 && view.page >= shown.totalPages - 1;
	const result = $("detail-prediction");
	result.replaceChildren(el("p", { class: "hint", text: "Asking the model…" }));
	if (!$("detail").open) $("detail").showModal();
	try {
		const answer = await api.itemPrediction(view.split, item.index);
		if (detailPosition !== position) return;
		result.replaceChildren(predictionView(answer.prediction, answer.correct));
	} catch (error) {
		if (detailPosition !== position) return;
		result.replaceChildren(el("p", { class: "error", role: "alert", text: `No prediction: ${error.message}` }));
	}
}

function predictionView(prediction, correct) {
	const verdict = correct === undefined ? null : el("p", {
		class: `verdict ${correct ? "ok" : "bad"}`,
		text: correct ? `✓ The model is right: ${prediction.className}` : `✗ The model says ${prediction.className}`,
	});
	return el("div", {}, verdict, el("p", { text: `Prediction (top ${prediction.top.length}):` }), bars(prediction.top));
}

async function moveDetail(step) {
	const target = detailPosition + step;
	if (target >= 0 && target < shown.items.length) {
		openDetail(target);
		return;
	}
	const page = view.page + step;
	if (page < 0 || page >= shown.totalPages) return;
	await navigate({ ...view, page });
	openDetail(step > 0 ? 0 : shown.items.length - 1);
}

function setUpDetail() {
	$("detail-prev").addEventListener("click", () => moveDetail(-1));
	$("detail-next").addEventListener("click", () => moveDetail(1));
	$("detail").addEventListener("keydown", (event) => {
		if (event.key === "ArrowLeft") { event.preventDefault(); moveDetail(-1); }
		if (event.key === "ArrowRight") { event.preventDefault(); moveDetail(1); }
	});
	$("detail-saliency").addEventListener("change", () => {
		const item = shown.items[detailPosition];
		if (item) $("detail-image").src = detailImageUrl(item);
	});
	$("detail").addEventListener("close", () => {
		const tile = document.querySelector(`#grid button[data-index="${shown.items[detailPosition]?.index}"]`);
		detailPosition = -1;
		tile?.focus();
	});
}

// ---- classify your own ----

async function classifyBlob(blob, label) {
	const result = $("own-result");
	result.replaceChildren(el("p", { class: "hint", text: `Classifying ${label}…` }));
	try {
		const prediction = await api.classify(blob);
		const why = el("img", { class: "saliency", width: 140, height: 140, alt: `What made the model say ${prediction.className}` });
		result.replaceChildren(el("p", { class: "verdict ok", text: `${label}: ${prediction.className}` }), bars(prediction.top),
			el("figure", { class: "why" }, why, el("figcaption", { class: "hint",
				text: "Why: red parts support the class (covering them lowers its probability), blue parts speak against it." })));
		try {
			why.src = await api.saliencyOf(blob, 5);
		} catch (error) {
			why.replaceWith(el("p", { class: "hint", text: `No saliency map: ${error.message}` }));
		}
	} catch (error) {
		result.replaceChildren(el("p", { class: "error", role: "alert", text: `Could not classify ${label}: ${error.message}` }));
	}
}

function setUpUpload() {
	const zone = $("drop-zone");
	const accept = (file) => {
		if (!file) return;
		const preview = $("upload-preview");
		preview.src = URL.createObjectURL(file);
		preview.alt = `Your image ${file.name}`;
		preview.hidden = false;
		classifyBlob(file, file.name);
	};
	$("file-input").addEventListener("change", (event) => accept(event.target.files[0]));
	zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("over"); });
	zone.addEventListener("dragleave", () => zone.classList.remove("over"));
	zone.addEventListener("drop", (event) => {
		event.preventDefault();
		zone.classList.remove("over");
		accept(event.dataTransfer.files[0]);
	});
	const drawing = setUpDrawing($("canvas"));
	$("clear-drawing").addEventListener("click", drawing.clear);
	$("classify-drawing").addEventListener("click", async () => classifyBlob(await drawing.png(), "your drawing"));
}

// ---- the summary ----

function renderDatasetSummary(info) {
	const counts = el("table", { class: "counts" },
		el("caption", { text: `${info.title}: class counts and mean images` }),
		el("thead", {}, el("tr", {}, el("th", { text: "mean" }), el("th", { text: "class" }), el("th", { text: "train" }),
			el("th", { text: "test" }))),
		el("tbody", {}, ...info.classes.map((c) => el("tr", {},
			el("td", {}, el("img", { class: "mean", src: api.meanUrl("train", c.label), width: 28, height: 28, loading: "lazy",
				alt: `mean train image of ${c.name}` })),
			el("td", { text: `${c.label} ${c.name}` }),
			el("td", { text: info.splits.train.classCounts[c.label].toLocaleString() }),
			el("td", { text: info.splits.test.classCounts[c.label].toLocaleString() })))));
	$("dataset-summary").replaceChildren(counts,
		el("p", { class: "hint", text: `${info.license}. ${info.citation}` }));
}

async function loadDataset() {
	try {
		const info = await api.dataset();
		classNames = info.classes.map((c) => c.name);
		renderClassFilters();
		renderDatasetSummary(info);
	} catch (error) {
		showError(`Could not load the dataset's description: ${error.message}`);
	}
}

async function loadModel() {
	try {
		const model = await api.model();
		const evaluation = model.evaluation;
		$("model-summary").replaceChildren(
			el("p", { text: `Model ${model.id}: test accuracy ${(evaluation.accuracy * 100).toFixed(2)}% on ${evaluation.split}` }),
			confusionTable(evaluation.confusionMatrix, classNames, (label, predicted) => {
				navigate({ ...view, split: "test", labels: [label], predicted: [predicted], correct: null, page: 0 });
				$("grid").scrollIntoView();
			}));
	} catch (error) {
		$("model-summary").replaceChildren(el("p", { class: "error", role: "alert", text: `No model summary: ${error.message}` }));
	}
}

setUpControls();
setUpDetail();
setUpUpload();
syncControls();
renderSkeleton();
// The dataset's class names, which tiles and the status line use; fetched beside the first page.
const datasetLoaded = loadDataset();
load();
datasetLoaded.then(loadModel);
