#!/usr/bin/env python3
"""Train the Fashion-MNIST baseline CNN on CPU and export it for the server.

Run from the repository root:

    /usr/bin/python3 training/train.py

Reads the four original gzip IDX files (default: data/fashion-mnist), trains BaselineNet on the
60,000 training images with fixed seeds, evaluates once on the 10,000 test images and writes:

    models/baseline.pt    PyTorch state_dict (for eager-mode benchmarks)
    models/baseline.onnx  ONNX, opset 17, input "input" [N,1,28,28] -> output "logits" [N,10]
    models/baseline.json  model descriptor (preprocessing, classes, training facts, accuracy)
"""

import argparse
import gzip
import hashlib
import inspect
import json
import os
import random
import struct
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from model import CLASS_NAMES, BaselineNet, count_parameters  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
IMAGE_MAGIC = 0x00000803
LABEL_MAGIC = 0x00000801
ONNX_OPSET = 17
INPUT_NAME = "input"
OUTPUT_NAME = "logits"


def parse_args() -> argparse.Namespace:
    """Command-line options; defaults are the settings used for models/baseline.*."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-dir", type=Path, default=REPO_ROOT / "data" / "fashion-mnist",
                   help="folder with the four Fashion-MNIST .gz IDX files")
    p.add_argument("--out-dir", type=Path, default=REPO_ROOT / "models",
                   help="where baseline.{pt,onnx,json} are written")
    p.add_argument("--epochs", type=int, default=12)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--max-lr", type=float, default=3e-3, help="peak learning rate of OneCycleLR")
    p.add_argument("--pct-start", type=float, default=0.25, help="fraction of steps spent warming up")
    p.add_argument("--weight-decay", type=float, default=5e-2, help="AdamW decoupled weight decay")
    p.add_argument("--label-smoothing", type=float, default=0.1)
    p.add_argument("--max-shift", type=int, default=2, help="random translation in pixels (0 = off)")
    p.add_argument("--no-flip", action="store_true", help="disable random horizontal flips")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    p.add_argument("--train-limit", type=int, default=0,
                   help="use only the first N training images (0 = all; for quick smoke runs)")
    p.add_argument("--no-export", action="store_true", help="train and evaluate only")
    return p.parse_args()


# ----------------------------------------------------------------------------- data

def read_idx(path: Path, expected_magic: int) -> np.ndarray:
    """Read a gzip-compressed IDX file (big-endian header) into a uint8 array."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    if magic != expected_magic:
        raise ValueError(f"{path}: magic 0x{magic:08x}, expected 0x{expected_magic:08x}")
    ndim = magic & 0xFF
    dims = struct.unpack(f">{ndim}I", data[4:4 + 4 * ndim])
    array = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if array.size != int(np.prod(dims)):
        raise ValueError(f"{path}: {array.size} bytes of data, header says {dims}")
    return array.reshape(dims)


def load_split(data_dir: Path, prefix: str) -> tuple:
    """Return (images uint8 [N,28,28], labels int64 [N]) for prefix 'train' or 't10k'."""
    images = read_idx(data_dir / f"{prefix}-images-idx3-ubyte.gz", IMAGE_MAGIC)
    labels = read_idx(data_dir / f"{prefix}-labels-idx1-ubyte.gz", LABEL_MAGIC)
    if len(images) != len(labels) or images.shape[1:] != (28, 28):
        raise ValueError(f"{prefix}: inconsistent shapes {images.shape} / {labels.shape}")
    return images, labels.astype(np.int64)


def pixel_stats(images: np.ndarray) -> tuple:
    """Mean and (population) standard deviation of pixel/255 over all images, in float64."""
    scaled = images.astype(np.float64) / 255.0
    return float(scaled.mean()), float(scaled.std())


def normalize(images: np.ndarray, mean: float, std: float) -> torch.Tensor:
    """uint8 [N,28,28] -> float32 [N,1,28,28] as (pixel/255 - mean)/std (the server's formula)."""
    x = torch.from_numpy(images.astype(np.float32)).unsqueeze(1) / 255.0
    return (x - mean) / std


def augment(x: torch.Tensor, max_shift: int, flip: bool, gen: torch.Generator,
            background: float) -> torch.Tensor:
    """Random horizontal flip and random translation by up to max_shift pixels, per image."""
    n, _, h, w = x.shape
    if flip:
        mask = torch.rand(n, generator=gen) < 0.5
        x = torch.where(mask[:, None, None, None], x.flip(3), x)
    if max_shift > 0:
        s = max_shift
        padded = nn.functional.pad(x, (s, s, s, s), value=background)
        dy = torch.randint(0, 2 * s + 1, (n,), generator=gen)
        dx = torch.randint(0, 2 * s + 1, (n,), generator=gen)
        rows = (dy[:, None] + torch.arange(h))[:, :, None]  # [n,h,1]
        cols = (dx[:, None] + torch.arange(w))[:, None, :]  # [n,1,w]
        x = padded[torch.arange(n)[:, None, None], 0, rows, cols].unsqueeze(1)
    return x


# ----------------------------------------------------------------------------- training

def seed_everything(seed: int, threads: int) -> torch.Generator:
    """Fix python/numpy/torch seeds, thread count and deterministic kernels; return a data RNG."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)
    return torch.Generator().manual_seed(seed)


def train_one_epoch(model, x, y, optimizer, scheduler, loss_fn, args, gen, background) -> tuple:
    """One pass over the shuffled training set; returns (mean loss, train accuracy)."""
    model.train()
    order = torch.randperm(len(x), generator=gen)
    total_loss, correct = 0.0, 0
    for start in range(0, len(x), args.batch_size):
        idx = order[start:start + args.batch_size]
        xb = augment(x[idx], args.max_shift, not args.no_flip, gen, background)
        yb = y[idx]
        logits = model(xb)
        loss = loss_fn(logits, yb)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        scheduler.step()
        total_loss += loss.item() * len(idx)
        correct += (logits.argmax(1) == yb).sum().item()
    return total_loss / len(x), correct / len(x)


@torch.no_grad()
def predict(model: nn.Module, x: torch.Tensor, batch_size: int = 1000) -> torch.Tensor:
    """Logits of the model in eval mode for all of x."""
    model.eval()
    return torch.cat([model(x[i:i + batch_size]) for i in range(0, len(x), batch_size)])


def train(args, x_train, y_train, background) -> tuple:
    """Build and train BaselineNet; returns (model, wall-clock seconds, CPU seconds of all threads)."""
    gen = seed_everything(args.seed, args.threads)
    model = BaselineNet()
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.max_lr, weight_decay=args.weight_decay)
    steps_per_epoch = (len(x_train) + args.batch_size - 1) // args.batch_size
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=args.max_lr, epochs=args.epochs, steps_per_epoch=steps_per_epoch,
        pct_start=args.pct_start)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=args.label_smoothing)
    start, cpu_start = time.time(), time.process_time()
    for epoch in range(1, args.epochs + 1):
        loss, acc = train_one_epoch(model, x_train, y_train, optimizer, scheduler, loss_fn,
                                    args, gen, background)
        print(f"epoch {epoch:2d}/{args.epochs}  loss {loss:.4f}  train acc {acc:.4f}  "
              f"elapsed {time.time() - start:6.1f}s  cpu {time.process_time() - cpu_start:7.1f}s",
              flush=True)
    return model, time.time() - start, time.process_time() - cpu_start


def weights_fingerprint(model: nn.Module) -> str:
    """SHA-256 over all state_dict tensors, to check that a re-run reproduced the same weights."""
    h = hashlib.sha256()
    for name, tensor in model.state_dict().items():
        h.update(name.encode())
        h.update(tensor.detach().contiguous().numpy().tobytes())
    return h.hexdigest()


# ----------------------------------------------------------------------------- export

def export_onnx(model: nn.Module, path: Path) -> None:
    """Export in eval mode with the TorchScript exporter, opset 17, dynamic batch axis."""
    model.eval()
    kwargs = dict(
        input_names=[INPUT_NAME], output_names=[OUTPUT_NAME], opset_version=ONNX_OPSET,
        dynamic_axes={INPUT_NAME: {0: "batch"}, OUTPUT_NAME: {0: "batch"}},
        do_constant_folding=True, training=torch.onnx.TrainingMode.EVAL,
    )
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    torch.onnx.export(model, torch.zeros(1, 1, 28, 28), str(path), **kwargs)


def descriptor(args, mean, std, params, duration, test_acc) -> dict:
    """The models/baseline.json content read by the server."""
    augmentation = []
    if not args.no_flip:
        augmentation.append("random horizontal flip (p=0.5)")
    if args.max_shift > 0:
        augmentation.append(f"random translation up to {args.max_shift}px (pad + random crop)")
    return {
        "id": "baseline",
        "format": "onnx",
        "file": "baseline.onnx",
        "inputName": INPUT_NAME,
        "outputName": OUTPUT_NAME,
        "inputShape": [-1, 1, 28, 28],
        "opset": ONNX_OPSET,
        "preprocessing": {"scale": 255.0, "mean": mean, "std": std,
                          "formula": "(pixel/255 - mean)/std"},
        "classes": [{"label": i, "name": n} for i, n in enumerate(CLASS_NAMES)],
        "parameters": params,
        "architecture": "BaselineNet (training/model.py): 3 x [3x3 conv + BatchNorm + ReLU + "
                        "2x2 max-pool] with 32-64-128 channels, dropout, FC 1152-128-10",
        "training": {
            "epochs": args.epochs,
            "batchSize": args.batch_size,
            "trainImages": args.train_limit or 60000,
            "optimizer": "AdamW",
            "learningRate": {"schedule": "OneCycleLR (cosine)", "maxLr": args.max_lr,
                             "pctStart": args.pct_start},
            "weightDecay": args.weight_decay,
            "labelSmoothing": args.label_smoothing,
            "augmentation": augmentation,
            "seed": args.seed,
            "torchVersion": torch.__version__,
            "threads": args.threads,
            "device": "cpu",
            "durationSeconds": round(duration, 1),
        },
        "testAccuracy": test_acc,
        "dataset": "fashion-mnist",
    }


# ----------------------------------------------------------------------------- main

def main() -> None:
    args = parse_args()
    train_images, train_labels = load_split(args.data_dir, "train")
    test_images, test_labels = load_split(args.data_dir, "t10k")
    mean, std = pixel_stats(train_images)
    print(f"train {train_images.shape}, test {test_images.shape}, mean {mean!r}, std {std!r}, "
          f"torch {torch.__version__}", flush=True)
    if args.train_limit:
        train_images, train_labels = train_images[:args.train_limit], train_labels[:args.train_limit]

    x_train, y_train = normalize(train_images, mean, std), torch.from_numpy(train_labels)
    x_test, y_test = normalize(test_images, mean, std), torch.from_numpy(test_labels)
    background = (0.0 - mean) / std

    model, duration, cpu_seconds = train(args, x_train, y_train, background)
    params = count_parameters(model)
    test_acc = (predict(model, x_test).argmax(1) == y_test).float().mean().item()
    print(f"parameters {params}, training {duration:.1f}s wall / {cpu_seconds:.1f}s CPU, "
          f"test accuracy {test_acc:.4f}, weights sha256 {weights_fingerprint(model)}", flush=True)
    if args.no_export:
        return

    args.out_dir.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), args.out_dir / "baseline.pt")
    export_onnx(model, args.out_dir / "baseline.onnx")
    with open(args.out_dir / "baseline.json", "w") as f:
        json.dump(descriptor(args, mean, std, params, duration, round(test_acc, 4)), f, indent=2)
        f.write("\n")
    for name in ("baseline.pt", "baseline.onnx", "baseline.json"):
        print(f"wrote {args.out_dir / name} ({os.path.getsize(args.out_dir / name)} bytes)")


if __name__ == "__main__":
    main()
