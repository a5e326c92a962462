#!/usr/bin/env python3
"""Train the shipped recipe with other seeds and record their test accuracies beside the shipped one.

Run from the repository root, after train.py has written models/baseline.json:

    /usr/bin/python3 training/seed_spread.py 43 44            # two more runs, ~29 min each
    /usr/bin/python3 training/seed_spread.py --logs 43=a.log 44=b.log  # record runs already made

Each run is `train.py --seed N --no-export` with every other option at its default, so it reads the
test split once and writes no model. The figures go into models/baseline.json as
training.testAccuracyOverSeeds (the server passes `training` through to GET /api/v1/models/baseline);
the shipped weights stay those of the seed train.py was run with, whatever the others give.
"""

import argparse
import json
import re
import statistics
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
TRAIN = Path(__file__).resolve().parent / "train.py"
ACCURACY = re.compile(r"^test accuracy (\d\.\d+)$", re.MULTILINE)


def run(seed: int) -> str:
    """Output of `train.py --seed SEED --no-export`, echoed as it comes."""
    command = [sys.executable, str(TRAIN), "--seed", str(seed), "--no-export"]
    print("$", " ".join(command), flush=True)
    lines = []
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as process:
        for line in process.stdout:
            print(line, end="", flush=True)
            lines.append(line)
    if process.returncode:
        raise SystemExit(f"seed {seed}: train.py exited with {process.returncode}")
    return "".join(lines)


def test_accuracy(output: str, source: str) -> float:
    """The test accuracy a train.py run printed."""
    found = ACCURACY.findall(output)
    if len(found) != 1:
        raise SystemExit(f"{source}: {len(found)} 'test accuracy' lines, expected one")
    return round(float(found[0]), 4)


def seed_and_log(value: str) -> tuple:
    """SEED=FILE of --logs."""
    seed, _, log = value.partition("=")
    if not seed.isdigit() or not log:
        raise argparse.ArgumentTypeError(f"expected SEED=FILE, got {value!r}")
    return int(seed), Path(log)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("seeds", type=int, nargs="*", help="seeds to train with")
    p.add_argument("--logs", type=seed_and_log, nargs="*", default=[], metavar="SEED=FILE",
                   help="outputs of earlier `train.py --seed SEED --no-export` runs")
    p.add_argument("--descriptor", type=Path, default=REPO_ROOT / "models" / "baseline.json")
    args = p.parse_args()

    descriptor = json.loads(args.descriptor.read_text())
    training = descriptor["training"]
    results = {training["seed"]: descriptor["testAccuracy"]}
    for seed, log in args.logs:
        results[seed] = test_accuracy(log.read_text(), str(log))
    for seed in args.seeds:
        results[seed] = test_accuracy(run(seed), f"seed {seed}")

    values = [results[s] for s in sorted(results)]
    training["testAccuracyOverSeeds"] = {
        "recipe": "train.py defaults, only the seed changed; the shipped weights are seed "
                  f"{training['seed']}'s",
        "bySeed": {str(s): results[s] for s in sorted(results)},
        "mean": round(statistics.mean(values), 4),
        "standardDeviation": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0,
        "min": min(values),
        "max": max(values),
    }
    args.descriptor.write_text(json.dumps(descriptor, indent=2) + "\n")
    print(json.dumps(training["testAccuracyOverSeeds"], indent=2))


if __name__ == "__main__":
    main()
