#!/usr/bin/env python3
"""Train the Fashion-MNIST baseline CNN on CPU and export it for the server.

Run from the repository root:

    /usr/bin/python3 training/train.py

Reads the four original gzip IDX files (default: data/fashion-mnist), trains BaselineNet on the
training images with fixed seeds (by default all 60,000; --val-size 5000 holds 5,000 out as a
validation split, evaluated after every epoch, for development runs), evaluates once on the 10,000
test images and writes:

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
from model import CLASS_NAMES, BaselineNet, SeparableNet, count_parameters  # noqa: E402

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
    p.add_argument("--epochs", type=int, default=22)
    p.add_argument("--arch", choices=("separable", "residual"), default="separable",
                   help="SeparableNet (shipped) or BaselineNet (the residual network shipped before)")
    p.add_argument("--widths", type=lambda v: tuple(int(w) for w in v.split(",")),
                   help="channels of the three stages (default 32,64,128 for separable, "
                        "32,48,96 for residual)")
    p.add_argument("--blocks", type=lambda v: tuple(int(b) for b in v.split(",")), default=(2, 3),
                   help="separable only: residual blocks at 14x14 and at 7x7, e.g. 2,3")
    p.add_argument("--val-size", type=int, default=0,
                   help="training images held out for validation (stratified, fixed split; 0 = none)")
    p.add_argument("--val-seed", type=int, default=0,
                   help="seed of the validation split (independent of --seed, so seeds share it)")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--max-lr", type=float, default=3e-3, help="peak learning rate of OneCycleLR")
    p.add_argument("--pct-start", type=float, default=0.25, help="fraction of steps spent warming up")
    p.add_argument("--weight-decay", type=float, default=5e-2, help="AdamW decoupled weight decay")
    p.add_argument("--label-smoothing", type=float, default=0.1)
    p.add_argument("--max-shift", type=int, default=2, help="random translation in pixels (0 = off)")
    p.add_argument("--no-flip", action="store_true", help="disable random horizontal flips")
    p.add_argument("--erase-p", type=float, default=0.1,
                   help="probability of random erasing per image (0 = off)")
    p.add_argument("--erase-max-area", type=float, default=0.25,
                   help="largest fraction of the image one random erasing covers")
    p.add_argument("--no-channels-last", action="store_true",
                   help="train in NCHW instead of channels-last memory format (slower on CPU)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    p.add_argument("--train-limit", type=int, default=0,
                   help="use only the first N training images (0 = all; for quick smoke runs)")
    p.add_argument("--no-export", action="store_true", help="train and evaluate only")
    p.add_argument("--no-test", action="store_true",
                   help="do not touch the test split (development runs; implies --no-export)")
    args = p.parse_args()
    if args.widths is None:
        args.widths = (32, 48, 96) if args.arch == "residual" else (32, 64, 128)
    return args


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


def random_erase(x: torch.Tensor, p: float, max_area: float, gen: torch.Generator,
                 background: float) -> torch.Tensor:
    """Random erasing (Zhong et al. 2017): with probability p per image, paint one rectangle of
    2 %..max_area of the image, aspect ratio 1/3..3, at a random place, with the background value."""
    n, _, h, w = x.shape
    erase = torch.rand(n, generator=gen) < p
    area = h * w * (0.02 + (max_area - 0.02) * torch.rand(n, generator=gen))
    log_ratio = (torch.rand(n, generator=gen) * 2 - 1) * torch.log(torch.tensor(3.0))
    ratio = torch.exp(log_ratio)
    eh = torch.sqrt(area * ratio).round().clamp(1, h).long()
    ew = torch.sqrt(area / ratio).round().clamp(1, w).long()
    y0 = (torch.rand(n, generator=gen) * (h - eh + 1)).long()
    x0 = (torch.rand(n, generator=gen) * (w - ew + 1)).long()
    rows = torch.arange(h)[None, :]
    cols = torch.arange(w)[None, :]
    in_rows = (rows >= y0[:, None]) & (rows < (y0 + eh)[:, None])  # [n,h]
    in_cols = (cols >= x0[:, None]) & (cols < (x0 + ew)[:, None])  # [n,w]
    mask = (in_rows[:, :, None] & in_cols[:, None, :] & erase[:, None, None]).unsqueeze(1)
    return x.masked_fill(mask, background)


def validation_split(labels: np.ndarray, size: int, seed: int) -> tuple:
    """Indices (train, validation) of a stratified split: size/10 images of every class held out,
    chosen by a generator of its own, so the split does not depend on the training seed."""
    if size == 0:
        return np.arange(len(labels)), np.arange(0)
    classes = np.unique(labels)
    if size % len(classes):
        raise ValueError(f"--val-size {size} is not a multiple of {len(classes)} classes")
    rng = np.random.RandomState(seed)
    val = np.concatenate([rng.permutation(np.flatnonzero(labels == c))[:size // len(classes)]
                          for c in classes])
    val.sort()
    train = np.setdiff1d(np.arange(len(labels)), val)
    return train, val


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
        if args.erase_p > 0:
            xb = random_erase(xb, args.erase_p, args.erase_max_area, gen, background)
        if not args.no_channels_last:
            xb = xb.contiguous(memory_format=torch.channels_last)
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


def accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    """Fraction of x the model (in eval mode) classifies as y."""
    return (predict(model, x).argmax(1) == y).float().mean().item()


def train(args, x_train, y_train, x_val, y_val, background) -> tuple:
    """Build and train BaselineNet, printing validation accuracy after every epoch when there is a
    validation split; returns (model, wall-clock seconds, CPU seconds of all threads, per-epoch
    validation accuracies)."""
    gen = seed_everything(args.seed, args.threads)
    model = (BaselineNet(widths=args.widths) if args.arch == "residual"
             else SeparableNet(widths=args.widths, blocks=args.blocks))
    if not args.no_channels_last:
        model = model.to(memory_format=torch.channels_last)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.max_lr, weight_decay=args.weight_decay)
    steps_per_epoch = (len(x_train) + args.batch_size - 1) // args.batch_size
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=args.max_lr, epochs=args.epochs, steps_per_epoch=steps_per_epoch,
        pct_start=args.pct_start)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=args.label_smoothing)
    start, cpu_start = time.time(), time.process_time()
    val_accuracies = []
    for epoch in range(1, args.epochs + 1):
        epoch_start = time.time()
        loss, acc = train_one_epoch(model, x_train, y_train, optimizer, scheduler, loss_fn,
                                    args, gen, background)
        val = ""
        if len(x_val):
            val_accuracies.append(accuracy(model, x_val, y_val))
            val = f"  val acc {val_accuracies[-1]:.4f}"
        print(f"epoch {epoch:2d}/{args.epochs}  loss {loss:.4f}  train acc {acc:.4f}{val}  "
              f"epoch {time.time() - epoch_start:5.1f}s  elapsed {time.time() - start:6.1f}s  "
              f"cpu {time.process_time() - cpu_start:7.1f}s  load {os.getloadavg()[0]:.1f}",
              flush=True)
    model = model.to(memory_format=torch.contiguous_format)
    return model, time.time() - start, time.process_time() - cpu_start, val_accuracies


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


def architecture(args) -> str:
    """One-line description of the network trained, for baseline.json."""
    w1, w2, w3 = args.widths
    if args.arch == "separable":
        b2, b3 = args.blocks
        return (f"SeparableNet (training/model.py): residual CNN of depthwise-separable convolutions; "
                f"3x3 conv {w1} @28x28, 2x2 max-pool, separable conv {w2} + {b2} residual blocks "
                f"(2 separable convs {w2} each) @14x14, 2x2 max-pool, separable conv {w3} + {b3} "
                f"residual blocks @7x7 (a separable conv is a 3x3 depthwise conv and a 1x1 conv), "
                f"every conv followed by BatchNorm, global average pool, FC {w3}-10")
    return (f"BaselineNet (training/model.py): residual CNN; 3x3 conv {w1} @28x28, 2x2 max-pool, "
            f"3x3 conv {w2} + residual block (2 x 3x3 conv {w2}) @14x14, 2x2 max-pool, "
            f"3x3 conv {w3} + residual block (2 x 3x3 conv {w3}) @7x7, every conv followed by "
            f"BatchNorm, global average pool, FC {w3}-10")


def descriptor(args, mean, std, params, duration, train_images, val_accuracies, test_acc) -> dict:
    """The models/baseline.json content read by the server."""
    augmentation = []
    if not args.no_flip:
        augmentation.append("random horizontal flip (p=0.5)")
    if args.max_shift > 0:
        augmentation.append(f"random translation up to {args.max_shift}px (pad + random crop)")
    if args.erase_p > 0:
        augmentation.append(f"random erasing (p={args.erase_p}, 2-{args.erase_max_area * 100:g} % "
                            f"of the image, aspect 1/3-3, background value)")
    validation = {"images": 0, "scheme": "none: trained on all training images"}
    if val_accuracies:
        validation = {
            "images": args.val_size,
            "scheme": f"stratified hold-out of the training split ({args.val_size // 10} per class, "
                      f"val seed {args.val_seed}); the shipped weights are the last epoch's, "
                      "the test split is evaluated once, after training",
            "accuracy": round(val_accuracies[-1], 4),
            "accuracyByEpoch": [round(a, 4) for a in val_accuracies],
        }
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
        "architecture": architecture(args),
        "training": {
            "epochs": args.epochs,
            "batchSize": args.batch_size,
            "trainImages": train_images,
            "validation": validation,
            "optimizer": "AdamW",
            "learningRate": {"schedule": "OneCycleLR (cosine)", "maxLr": args.max_lr,
                             "pctStart": args.pct_start},
            "weightDecay": args.weight_decay,
            "labelSmoothing": args.label_smoothing,
            "augmentation": augmentation,
            "seed": args.seed,
            "torchVersion": torch.__version__,
            "threads": args.threads,
            "memoryFormat": "NCHW" if args.no_channels_last else "channels-last",
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
    train_idx, val_idx = validation_split(train_labels, args.val_size, args.val_seed)
    print(f"training on {len(train_idx)} images, validating on {len(val_idx)} "
          f"(val seed {args.val_seed}, first indices {val_idx[:5].tolist()})", flush=True)

    x_all, y_all = normalize(train_images, mean, std), torch.from_numpy(train_labels)
    x_train, y_train = x_all[train_idx], y_all[train_idx]
    x_val, y_val = x_all[val_idx], y_all[val_idx]
    background = (0.0 - mean) / std

    model, duration, cpu_seconds, val_accuracies = train(args, x_train, y_train, x_val, y_val,
                                                         background)
    params = count_parameters(model)
    print(f"parameters {params}, training {duration:.1f}s wall / {cpu_seconds:.1f}s CPU, "
          f"weights sha256 {weights_fingerprint(model)}", flush=True)
    if args.no_test:
        return
    # The test split is used here only: once, for the reported figure of the final weights.
    x_test, y_test = normalize(test_images, mean, std), torch.from_numpy(test_labels)
    test_acc = accuracy(model, x_test, y_test)
    print(f"test accuracy {test_acc:.4f}", flush=True)
    if args.no_export:
        return

    args.out_dir.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), args.out_dir / "baseline.pt")
    export_onnx(model, args.out_dir / "baseline.onnx")
    with open(args.out_dir / "baseline.json", "w") as f:
        json.dump(descriptor(args, mean, std, params, duration, len(train_idx), val_accuracies,
                             round(test_acc, 4)), f, indent=2)
        f.write("\n")
    for name in ("baseline.pt", "baseline.onnx", "baseline.json"):
        print(f"wrote {args.out_dir / name} ({os.path.getsize(args.out_dir / name)} bytes)")


if __name__ == "__main__":
    main()
