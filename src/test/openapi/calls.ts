// Calls the server through the TypeScript client that openapi-generator's typescript-fetch generator writes from
// /v3/api-docs (into ./typescript), as a user of that client would, and prints one line per call. OpenApiClientsIT
// compiles it with tsc together with the generated code, runs it with node against a running server and compares
// its lines with the Java caller's (Calls.java) and with what the dataset holds.
// Usage: node calls.js http://127.0.0.1:8080
import {
	BatchesApi,
	Configuration,
	DatasetsApi,
	ImagesApi,
	InferenceApi,
	InferenceErrorFromJSON,
	InferenceModelMetadata,
	InferenceRequest,
	InferenceResponse,
	InstancesBodyToJSON,
	ItemsApi,
	OpenInferenceProtocolKServeV2Api,
	Prediction,
	ResponseError,
} from './typescript';

declare const process: { argv: string[]; exitCode?: number };

const DATASET = 'fashion-mnist';
const MODEL = 'baseline';

async function main(base: string): Promise<void> {
	const config = new Configuration({ basePath: base });
	const datasets = new DatasetsApi(config);
	const items = new ItemsApi(config);
	const batches = new BatchesApi(config);
	const images = new ImagesApi(config);
	const inference = new InferenceApi(config);
	const v2 = new OpenInferenceProtocolKServeV2Api(config);

	const list = await datasets.datasets();
	print('datasets: ' + list.datasets.map((dataset) => `${dataset.id} (${dataset.splits.join(', ')})`).join('; '));

	const page = await items.items({ dataset: DATASET, split: 'test', label: [3, 7], size: 6 });
	print(`items: ${page.totalItems} with label 3 or 7, first ${page.items.length}: `
		+ page.items.map((item) => `${item.index}:${item.label}`).join(' '));

	const epoch = { dataset: DATASET, split: 'test', batchSize: 256, shuffle: true, seed: 7, epoch: 1 };
	const plan = await batches.plan(epoch);
	print(`plan: ${plan.size} items, ${plan.numBatches} batches of ${plan.batchSize}`);
	const batch = await batches.batchRaw({ ...epoch, batch: 0, format: 'npz' });
	const npz = new Uint8Array(await (await batch.value()).arrayBuffer());
	print(`batch 0 of ${batch.raw.headers.get('X-Batch-Count')}: ${describeNpz(npz)}`);

	const png = new Uint8Array(await (await images.image({ dataset: DATASET, split: 'test', index: 0 })).arrayBuffer());
	print(`image: ${describePng(png)}`);

	// The predictions operation's first body is multipart/form-data, the one the generated method sends.
	const fromPng = await inference.predict({ model: MODEL, file: [new Blob([png], { type: 'image/png' })] });
	print(`prediction from PNG: ${describePrediction(fromPng.predictions[0])}`);
	// Its other bodies: the generated runtime lets a call replace the body and its Content-Type.
	const pixels = (await items.item({ dataset: DATASET, split: 'test', index: 0 })).pixels;
	const fromJson = await inference.predict({ model: MODEL, file: [] }, async ({ init }) => ({
		headers: { ...(init.headers as Record<string, string>), 'Content-Type': 'application/json' },
		body: JSON.stringify(InstancesBodyToJSON({ instances: [pixels] })),
	}));
	print(`prediction from JSON: ${describePrediction(fromJson.predictions[0])}`);

	print(`v2 metadata: ${describeMetadata(await v2.modelMetadata({ model: MODEL }))}`);
	print(`v2 version 1 metadata: ${describeMetadata(await v2.modelVersionMetadata({ model: MODEL, version: '1' }))}`);
	try {
		await v2.modelVersionMetadata({ model: MODEL, version: '2' });
		print('v2 version 2 metadata: found');
	}
	catch (error) {
		if (!(error instanceof ResponseError)) {
			throw error;
		}
		const body = InferenceErrorFromJSON(await error.response.json());
		print(`v2 version 2 metadata: ${error.response.status} ${body.error}`);
	}
	const request: InferenceRequest = {
		id: 'test-0',
		inputs: [{ name: 'input', datatype: 'UINT8', shape: [1, 784], data: pixels.flat() }],
	};
	print(`v2 infer: ${describeInference(await v2.modelInfer({ model: MODEL, inferenceRequest: request }))}`);
	print(`v2 version 1 infer: ${describeInference(await v2.modelVersionInfer({ model: MODEL, version: '1',
		inferenceRequest: request }))}`);
}

function print(line: string): void {
	console.log(line);
}

function describePrediction(prediction: Prediction): string {
	return `${prediction.label} ${prediction.className}`;
}

function describeMetadata(metadata: InferenceModelMetadata): string {
	const tensor = (t: { name: string; datatype: string; shape: number[] }) => `${t.name} ${t.datatype} [${t.shape.join(', ')}]`;
	return `${metadata.name} versions ${metadata.versions.join(', ')}, input ${metadata.inputs.map(tensor).join(', ')}, `
		+ `output ${metadata.outputs.map(tensor).join(', ')}`;
}

function describeInference(response: InferenceResponse): string {
	const output = response.outputs[0];
	const probabilities = output.data!;
	const best = probabilities.indexOf(Math.max(...probabilities));
	return `${response.id} ${response.modelName} ${output.name} ${output.datatype} [${output.shape.join(', ')}], class ${best}`;
}

/** Width, height, bit depth and colour type from a PNG's IHDR chunk. */
function describePng(png: Uint8Array): string {
	const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
	const signature = Array.from(png.subarray(0, 8)).join(',');
	if (signature !== '137,80,78,71,13,10,26,10') {
		throw new Error(`not a PNG: ${signature}`);
	}
	return `PNG ${view.getUint32(16)}x${view.getUint32(20)}, bit depth ${png[24]}, colour type ${png[25]}`;
}

interface NpyArray {
	descr: string;
	shape: string;
	data: Uint8Array;
}

/** The arrays of an npz whose entries are stored (not deflated), as the server writes them: dtype, shape, first items. */
function describeNpz(zip: Uint8Array): string {
	const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
	const arrays = new Map<string, NpyArray>();
	let offset = 0;
	while (offset + 30 <= zip.length && view.getUint32(offset, true) === 0x04034b50) {
		if (view.getUint16(offset + 8, true) !== 0) {
			throw new Error('a compressed npz entry');
		}
		const size = view.getUint32(offset + 18, true);
		const nameLength = view.getUint16(offset + 26, true);
		const extraLength = view.getUint16(offset + 28, true);
		const name = new TextDecoder().decode(zip.subarray(offset + 30, offset + 30 + nameLength));
		const start = offset + 30 + nameLength + extraLength;
		arrays.set(name, npy(zip.subarray(start, start + size)));
		offset = start + size;
	}
	const described = Array.from(arrays, ([name, array]) => `${name} ${array.descr} (${array.shape})`).join(', ');
	const indices = arrays.get('indices.npy')!;
	const labels = arrays.get('labels.npy')!;
	const indexView = new DataView(indices.data.buffer, indices.data.byteOffset, indices.data.byteLength);
	const first: string[] = [];
	for (let i = 0; i < 4; i++) {
		first.push(`${Number(indexView.getBigInt64(i * 8, true))}:${labels.data[i]}`);
	}
	return `${described}, first 4: ${first.join(' ')}`;
}

/** An .npy file (format 1.0): its dtype, its shape as numpy writes it, and its data. */
function npy(file: Uint8Array): NpyArray {
	const headerLength = file[8] | (file[9] << 8);
	const header = new TextDecoder('latin1').decode(file.subarray(10, 10 + headerLength));
	const descr = /'descr': '([^']*)'/.exec(header);
	const shape = /'shape': \(([^)]*)\)/.exec(header);
	if (descr === null || shape === null) {
		throw new Error(`not an .npy header: ${header}`);
	}
	return { descr: descr[1], shape: shape[1], data: file.subarray(10 + headerLength) };
}

main(process.argv[2]).catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
