#!/usr/bin/env python3
"""PyTorch eager inference throughput of the baseline network, for bench/inference.sh.

Loads BaselineNet (or SeparableNet, as baseline.json names it) from model.py and its weights from
baseline.pt, normalises a batch of test images exactly as the server does, and times forward passes
of that batch under torch.no_grad() with torch.set_num_threads(THREADS). Prints one line:
"<images per second> <ms per batch>".

    python3 bench/pytorch_throughput.py MODEL_PY BASELINE_PT BASELINE_JSON BATCH_NPY [THREADS] [SECONDS]
"""
import importlib.util
import json
import sys
import time

import numpy as np
import torch


def main() -> None:
    model_py, weights, descriptor, batch_npy = sys.argv[1:5]
    threads = int(sys.argv[5]) if len(sys.argv) > 5 else 2
    seconds = float(sys.argv[6]) if len(sys.argv) > 6 else 10.0
    torch.set_num_threads(threads)
    spec = importlib.util.spec_from_file_location("model", model_py)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    meta = json.load(open(descriptor))
    net = module.network_named_in(meta)
    net.load_state_dict(torch.load(weights, map_location="cpu"))
    net.eval()
    pre = meta["preprocessing"]
    images = np.load(batch_npy).astype(np.float32)  # uint8 [N,28,28] -> float32
    x = torch.from_numpy(images).unsqueeze(1) / pre["scale"]
    x = (x - pre["mean"]) / pre["std"]
    with torch.no_grad():
        for _ in range(20):  # warm-up
            net(x)
        runs = 0
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            net(x)
            runs += 1
        elapsed = time.perf_counter() - start
    print(f"{runs * len(x) / elapsed:.0f} {1000 * elapsed / runs:.2f}")


if __name__ == "__main__":
    main()
