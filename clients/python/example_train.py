"""Trains a small convolutional network on Fashion-MNIST for one epoch, reading batches from the server.

    pip install './clients/python[torch]'
    python3 clients/python/example_train.py --url http://localhost:8080

Needs the client (fmnist-client) with torch (Debian: python3-numpy python3-torch).
"""

import argparse
import time

import torch
from torch import nn

from fmnist_client import Client
from fmnist_client.torch import ServerBatches


def model():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 64), nn.ReLU(), nn.Linear(64, 10))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8080")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--workers", type=int, default=0, help="DataLoader worker processes")
    parser.add_argument("--max-batches", type=int, default=0, help="stop each training epoch, and the test evaluation, after this many batches (0: all)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    net = model()
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    batches = ServerBatches(args.url, "train", batch_size=args.batch_size, shuffle=True, seed=args.seed)
    loader = batches.loader(num_workers=args.workers)  # a DataLoader that counts what it hands over
    for epoch in range(args.epochs):
        batches.set_epoch(epoch)
        net.train()
        start, seen, total_loss = time.perf_counter(), 0, 0.0
        for step, (images, labels) in enumerate(loader):
            if args.max_batches and step >= args.max_batches:
                break
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(net(images), labels)
            loss.backward()
            optimizer.step()
            seen += len(labels)
            total_loss += loss.item() * len(labels)
        elapsed = time.perf_counter() - start
        print("epoch %d: %d images, loss %.4f, %.0f images/s" % (epoch, seen, total_loss / max(seen, 1), seen / elapsed))
        with Client(args.url) as client:
            print("test accuracy %.4f" % evaluate(net, client, args.max_batches))


def evaluate(net, client, max_batches=0):
    net.eval()
    correct = total = 0
    with torch.no_grad():
        for step, (images, labels) in enumerate(client.epoch("test", batch_size=1000, shuffle=False, output="torch")):
            if max_batches and step >= max_batches:
                break
            predicted = net(images).argmax(dim=1)
            correct += (predicted == labels).sum().item()
            total += len(labels)
    return correct / max(total, 1)


if __name__ == "__main__":
    main()
