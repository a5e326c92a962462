#!/usr/bin/env python3
"""Check models/baseline.onnx against the PyTorch weights in models/baseline.pt.

Run from the repository root (needs python3-onnx; uses onnxruntime too if it is importable):

    /usr/bin/python3 training/verify_onnx.py

1. onnx.checker validates the graph; opset, input/output names and shapes are printed.
2. The graph is executed on the 10,000 test images by a small NumPy interpreter (below) that
   implements just the operators this export contains, independently of PyTorch.
3. Its logits and predictions are compared with PyTorch eager inference of BaselineNet (or
   SeparableNet, as baseline.json names it) loaded from baseline.pt, and test accuracy is printed
   for both.
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import numpy_helper

sys.path.insert(0, str(Path(__file__).resolve().parent))
from model import network_named_in  # noqa: E402
from train import REPO_ROOT, load_split, normalize  # noqa: E402


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models-dir", type=Path, default=REPO_ROOT / "models")
    p.add_argument("--data-dir", type=Path, default=REPO_ROOT / "data" / "fashion-mnist")
    p.add_argument("--batch-size", type=int, default=500)
    return p.parse_args()


# ----------------------------------------------------------------------------- NumPy ONNX ops

def attrs_of(node) -> dict:
    """Node attributes as a plain dict."""
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def op_conv(x, w, b=None, pads=(0, 0, 0, 0), strides=(1, 1), group=1, **_):
    """2-D convolution (NCHW, dilation 1) via im2col; group > 1 convolves each of `group` slices of
    the channels with its own slice of the filters (group = channels is a depthwise convolution)."""
    n, c, h, wd = x.shape
    k, cg, kh, kw = w.shape
    if c != cg * group or k % group:
        raise ValueError(f"Conv: {c} input channels, filters {w.shape}, group {group}")
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    oh = (x.shape[2] - kh) // strides[0] + 1
    ow = (x.shape[3] - kw) // strides[1] + 1
    cols = np.empty((n, c, kh, kw, oh, ow), dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            cols[:, :, i, j] = x[:, :, i:i + strides[0] * oh:strides[0], j:j + strides[1] * ow:strides[1]]
    kg = k // group
    cols = cols.reshape(n, group, cg, kh, kw, oh, ow)
    w = w.reshape(group, kg, cg, kh, kw)
    out = np.einsum("ngcijhw,gkcij->ngkhw", cols, w, optimize=True).reshape(n, k, oh, ow)
    if b is not None:
        out = out + b[None, :, None, None]
    return np.ascontiguousarray(out)


def op_maxpool(x, kernel_shape, strides=None, pads=(0, 0, 0, 0), ceil_mode=0, **_):
    """2-D max pooling without padding (floor mode)."""
    if any(pads) or ceil_mode:
        raise NotImplementedError("padded/ceil MaxPool")
    strides = strides or kernel_shape
    kh, kw = kernel_shape
    oh = (x.shape[2] - kh) // strides[0] + 1
    ow = (x.shape[3] - kw) // strides[1] + 1
    out = np.full(x.shape[:2] + (oh, ow), -np.inf, dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            out = np.maximum(out, x[:, :, i:i + strides[0] * oh:strides[0], j:j + strides[1] * ow:strides[1]])
    return out


def op_gemm(a, b, c=None, alpha=1.0, beta=1.0, transA=0, transB=0, **_):
    a = a.T if transA else a
    b = b.T if transB else b
    out = alpha * (a @ b)
    return out + beta * c if c is not None else out


def op_batchnorm(x, scale, bias, mean, var, epsilon=1e-5, **_):
    shape = (1, -1, 1, 1)
    return (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + epsilon) * scale.reshape(shape) \
        + bias.reshape(shape)


def op_flatten(x, axis=1, **_):
    return x.reshape(int(np.prod(x.shape[:axis])), -1)


OPS = {
    "Conv": op_conv,
    "MaxPool": op_maxpool,
    "Gemm": op_gemm,
    "BatchNormalization": op_batchnorm,
    "Flatten": op_flatten,
    "GlobalAveragePool": lambda x, **_: x.mean(axis=(2, 3), keepdims=True),
    "Relu": lambda x, **_: np.maximum(x, 0),
    "Identity": lambda x, **_: x,
    "MatMul": lambda a, b, **_: a @ b,
    "Add": lambda a, b, **_: a + b,
}


def run_graph(model: onnx.ModelProto, x: np.ndarray) -> np.ndarray:
    """Execute a (topologically sorted) ONNX graph with the NumPy ops above."""
    graph = model.graph
    values = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    values[graph.input[0].name] = x
    for node in graph.node:
        if node.op_type not in OPS:
            raise NotImplementedError(f"operator {node.op_type}")
        inputs = [values[name] for name in node.input if name]
        values[node.output[0]] = OPS[node.op_type](*inputs, **attrs_of(node))
    return values[graph.output[0].name]


# ----------------------------------------------------------------------------- checks

def describe(model: onnx.ModelProto) -> None:
    """Print opset, I/O names and shapes, operator counts and external-data use."""
    def dims(v):
        return [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]
    opset = [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")]
    print(f"opset {opset}, ir_version {model.ir_version}, producer {model.producer_name} "
          f"{model.producer_version}")
    for kind, vals in (("input", model.graph.input), ("output", model.graph.output)):
        for v in vals:
            print(f"{kind} {v.name!r} elem_type {v.type.tensor_type.elem_type} shape {dims(v)}")
    ops = {}
    for node in model.graph.node:
        ops[node.op_type] = ops.get(node.op_type, 0) + 1
    print(f"operators {ops}")
    external = [t.name for t in model.graph.initializer
                if t.data_location == onnx.TensorProto.EXTERNAL]
    print(f"initializers {len(model.graph.initializer)}, external data: {external or 'none'}")


def main() -> None:
    args = parse_args()
    torch.set_num_threads(2)
    onnx_path = args.models_dir / "baseline.onnx"
    model = onnx.load(str(onnx_path))
    onnx.checker.check_model(model)
    print(f"onnx.checker: {onnx_path} is valid (onnx {onnx.__version__})")
    describe(model)

    meta = json.loads((args.models_dir / "baseline.json").read_text())
    pre = meta["preprocessing"]
    images, labels = load_split(args.data_dir, "t10k")
    x = normalize(images, pre["mean"], pre["std"])

    net = network_named_in(meta)
    net.load_state_dict(torch.load(args.models_dir / "baseline.pt", map_location="cpu"))
    net.eval()
    with torch.no_grad():
        torch_logits = torch.cat([net(x[i:i + 1000]) for i in range(0, len(x), 1000)]).numpy()

    xn = x.numpy()
    onnx_logits = np.concatenate([run_graph(model, xn[i:i + args.batch_size])
                                  for i in range(0, len(xn), args.batch_size)])
    report("numpy-onnx", onnx_logits, torch_logits, labels, meta["testAccuracy"])

    try:
        import onnxruntime as ort
    except ImportError:
        print("onnxruntime python module not installed: skipped")
    else:
        sess = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
        report("onnxruntime", sess.run(["logits"], {"input": xn})[0], torch_logits, labels,
               meta["testAccuracy"])


def report(name, logits, torch_logits, labels, recorded_acc) -> None:
    """Print agreement between an ONNX execution and PyTorch eager inference."""
    diff = np.abs(logits - torch_logits).max()
    same = (logits.argmax(1) == torch_logits.argmax(1)).mean()
    acc_onnx = (logits.argmax(1) == labels).mean()
    acc_torch = (torch_logits.argmax(1) == labels).mean()
    print(f"{name}: shape {logits.shape}, max |logit diff| vs torch {diff:.2e}, "
          f"same prediction {same:.4f}, test accuracy onnx {acc_onnx:.4f} / torch {acc_torch:.4f} "
          f"(baseline.json {recorded_acc})")
    if same != 1.0 or diff > 1e-3:
        sys.exit(f"{name}: ONNX and PyTorch disagree")


if __name__ == "__main__":
    main()
