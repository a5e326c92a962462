// A 28x28 canvas to draw on, white on black like the dataset, shown enlarged by CSS.

export function setUpDrawing(canvas) {
	const context = canvas.getContext("2d");
	const clear = () => {
		context.fillStyle = "#000";
		context.fillRect(0, 0, canvas.width, canvas.height);
	};
	clear();
	let last = null;
	const point = (event) => {
		const box = canvas.getBoundingClientRect();
		return [(event.clientX - box.left) * canvas.width / box.width, (event.clientY - box.top) * canvas.height / box.height];
	};
	const stroke = (to) => {
		context.strokeStyle = "#fff";
		context.lineWidth = 2.2;
		context.lineCap = "round";
		context.lineJoin = "round";
		context.beginPath();
		context.moveTo(...(last ?? to));
		context.lineTo(...to);
		context.stroke();
		last = to;
	};
	canvas.addEventListener("pointerdown", (event) => {
		canvas.setPointerCapture(event.pointerId);
		last = null;
		stroke(point(event));
	});
	canvas.addEventListener("pointermove", (event) => { if (event.buttons) stroke(point(event)); });
	canvas.addEventListener("pointerup", () => { last = null; });
	return {
		clear,
		png: () => new Promise((resolve) => canvas.toBlob(resolve, "image/png")),
	};
}
