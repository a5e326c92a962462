"""One shuffled epoch of Fashion-MNIST's 60,000 training images: the HTTP client against torchvision.

HTTP: fmnist_client.Client.epoch(batch_size=256, shuffle, float32, standard, nchw), each batch turned
into torch tensors. torchvision: FashionMNIST(root, transform=ToTensor()) with
DataLoader(batch_size=256, shuffle=True), reading the unpacked files in ROOT/FashionMNIST/raw. Each
side runs one warm-up epoch, then ROUNDS measured epochs, alternating; medians are reported.
"""

import argparse
import statistics
import time

import torch
from torch.utils.data import DataLoader
from torchvision.datasets import FashionMNIST
from torchvision.transforms import ToTensor

from fmnist_client import Client


def http_epoch(client, epoch):
    start, seen = time.perf_counter(), 0
    for images, labels in client.epoch("train", batch_size=256, shuffle=True, seed=0, epoch=epoch,
                                       dtype="float32", normalize="standard", layout="nchw"):
        images, labels = torch.from_numpy(images), torch.from_numpy(labels)
        seen += len(labels)
    assert seen == 60000, seen
    return seen / (time.perf_counter() - start)


def torchvision_epoch(dataset):
    start, seen = time.perf_counter(), 0
    for images, labels in DataLoader(dataset, batch_size=256, shuffle=True):
        seen += len(labels)
    assert seen == 60000, seen
    return seen / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--root", required=True, help="directory holding FashionMNIST/raw/ with the unpacked files")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    dataset = FashionMNIST(args.root, train=True, download=False, transform=ToTensor())
    with Client(args.url) as client:
        http_epoch(client, 0)
        torchvision_epoch(dataset)
        http_rates, local_rates = [], []
        for round in range(1, args.rounds + 1):
            http_rates.append(http_epoch(client, round))
            local_rates.append(torchvision_epoch(dataset))
            print("   round %d: HTTP client %.0f images/s, torchvision %.0f images/s"
                  % (round, http_rates[-1], local_rates[-1]), flush=True)
    http, local = statistics.median(http_rates), statistics.median(local_rates)
    print("HTTP client (float32, standard, nchw, shuffled): %.0f images/s (median of %d)" % (http, args.rounds))
    print("torchvision FashionMNIST + DataLoader(256, shuffle, ToTensor): %.0f images/s (median of %d)" % (local, args.rounds))
    print("RATIO HTTP client/torchvision images/s: %.2fx (target >= 3x)" % (http / local))


if __name__ == "__main__":
    main()
