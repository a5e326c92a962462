"""One shuffled epoch of Fashion-MNIST's 60,000 training images, batches of 256, four ways and one for reference, on this machine:

1. the client (fmnist_client, installed), with its defaults, delivering float32 standardised NCHW torch
   tensors to the training loop: Client.epoch("train", batch_size=256, output="torch");
2. torchvision: FashionMNIST(root, transform=ToTensor()) with DataLoader(batch_size=256, shuffle=True),
   reading the unpacked files in ROOT/FashionMNIST/raw;
3. the ceiling: the split already in memory (images.npy, downloaded by the client), a shuffled gather of
   each batch's rows and the same standardisation (the client's own table look-up, the fastest numpy way
   found), both into arrays made once, as torch tensors: the client's work without the network;
4. two ranks: two processes each reading its shard (numShards=2) with the client, started together; the
   epoch's 60,000 images over the time from the first start to the last finish;
5. for reference, the client asking for each batch of 256 on its own (fetch_size=256) instead of its default
   1,024 items a request.

Each runs one warm-up epoch, then ROUNDS measurements, alternating; medians are reported, with ratios. An epoch
of the fast ones takes a tenth of a second, in which a scheduling hiccup weighs: each of their measurements covers
EPOCHS consecutive epochs (10 by default; torchvision's, one).
"""

import argparse
import multiprocessing
import statistics
import time

import numpy as np
import torch
from torch.utils.data import DataLoader
from torchvision.datasets import FashionMNIST
from torchvision.transforms import ToTensor

from fmnist_client import Client, Conversion

BATCH = 256
IMAGES = 60000


def client_epochs(client, epochs, shard=0, num_shards=1, fetch_size=None):
    seen = 0
    for epoch in epochs:
        for images, labels in client.epoch("train", batch_size=BATCH, shuffle=True, seed=0, epoch=epoch, shard=shard,
                                           num_shards=num_shards, output="torch", fetch_size=fetch_size):
            seen += len(labels)
    return seen


def timed(run, *args):
    start = time.perf_counter()
    seen = run(*args)
    return seen / (time.perf_counter() - start), seen


def torchvision_epoch(dataset):
    seen = 0
    for images, labels in DataLoader(dataset, batch_size=BATCH, shuffle=True):
        seen += len(labels)
    return seen


def ceiling_epochs(images, labels, conversion, epochs):
    # Gathered and converted into arrays made once: the least work the loop could be handed its batches with.
    gathered = np.empty((BATCH,) + images.shape[1:], np.uint8)
    converted = np.empty(conversion.shape(BATCH), np.float32)
    seen = 0
    for epoch in epochs:
        order = np.random.default_rng(epoch).permutation(len(images))
        for begin in range(0, len(order), BATCH):
            rows = order[begin:begin + BATCH]
            count = len(rows)
            np.take(images, rows, axis=0, out=gathered[:count])
            batch = torch.from_numpy(conversion.apply(gathered[:count], converted[:count]))
            targets = torch.from_numpy(labels[rows].astype(np.int64))
            seen += len(targets)
    return seen


def _rank(url, rank, rounds, go, results):
    with Client(url) as client:
        client_epochs(client, [0], rank, 2)  # warm-up
        for epochs in rounds:
            go.wait()
            start = time.monotonic()
            seen = client_epochs(client, epochs, rank, 2)
            results.put((rank, start, time.monotonic(), seen))


class TwoRanks:
    """Two processes that read shards 0 and 1 of the same epochs, each round started by the same signal."""

    def __init__(self, url, rounds):
        context = multiprocessing.get_context("spawn")
        self.go = context.Barrier(3)
        self.results = context.Queue()
        self.processes = [context.Process(target=_rank, args=(url, rank, rounds, self.go, self.results))
                          for rank in range(2)]
        for process in self.processes:
            process.start()

    def measure(self, expected):
        self.go.wait()
        finished = [self.results.get(timeout=600) for _ in range(2)]
        seen = sum(result[3] for result in finished)
        assert seen == expected, seen
        return seen / (max(result[2] for result in finished) - min(result[1] for result in finished))

    def close(self):
        for process in self.processes:
            process.join(60)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--root", required=True, help="directory holding FashionMNIST/raw/ with the unpacked files")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=10, help="epochs per measurement of the client, ceiling, two ranks")
    args = parser.parse_args()

    dataset = FashionMNIST(args.root, train=True, download=False, transform=ToTensor())
    rates = {"client": [], "torchvision": [], "ceiling": [], "two ranks": [], "client, 256 a request": []}
    rounds = [list(range(1 + round * args.epochs, 1 + (round + 1) * args.epochs)) for round in range(args.rounds)]
    ranks = TwoRanks(args.url, rounds)
    with Client(args.url) as client:
        paths = client.download("train", args.root, progress=False)
        images, labels = np.load(paths["images"]), np.load(paths["labels"])
        mean, std = client.pixel_stats()
        conversion = Conversion("float32", "standard", "nchw", mean, std)
        timed(client_epochs, client, [0])
        timed(torchvision_epoch, dataset)
        timed(ceiling_epochs, images, labels, conversion, [0])
        for number, epochs in enumerate(rounds, 1):
            for name, run, run_args, expected in (
                    ("client", client_epochs, (client, epochs), IMAGES * len(epochs)),
                    ("torchvision", torchvision_epoch, (dataset,), IMAGES),
                    ("ceiling", ceiling_epochs, (images, labels, conversion, epochs), IMAGES * len(epochs))):
                rate, seen = timed(run, *run_args)
                assert seen == expected, (name, seen)
                rates[name].append(rate)
            rates["two ranks"].append(ranks.measure(IMAGES * len(epochs)))
            rate, seen = timed(client_epochs, client, epochs, 0, 1, BATCH)
            assert seen == IMAGES * len(epochs), ("client, 256 a request", seen)
            rates["client, 256 a request"].append(rate)
            print("   round %d: %s" % (number, ", ".join("%s %.0f images/s" % (name, values[-1])
                                                          for name, values in rates.items())), flush=True)
    ranks.close()
    median = {name: statistics.median(values) for name, values in rates.items()}
    print("client (defaults: float32, standard, nchw torch tensors, shuffled, batch 256): %.0f images/s (median of %d"
          " rounds of %d epochs)" % (median["client"], args.rounds, args.epochs))
    print("torchvision FashionMNIST + DataLoader(256, shuffle, ToTensor): %.0f images/s" % median["torchvision"])
    print("ceiling (split in memory, shuffled gather + the same standardisation): %.0f images/s" % median["ceiling"])
    print("two ranks (numShards=2, two processes, together): %.0f images/s" % median["two ranks"])
    print("for reference, the client with one request per batch of 256 (fetch_size=256): %.0f images/s"
          % median["client, 256 a request"])
    print("RATIO client/torchvision images/s: %.2fx (target >= 10x)" % (median["client"] / median["torchvision"]))
    print("RATIO client/ceiling images/s: %.2fx (target >= 0.2x)" % (median["client"] / median["ceiling"]))
    print("RATIO two ranks/one images/s: %.2fx (target >= 1x)" % (median["two ranks"] / median["client"]))


if __name__ == "__main__":
    main()
