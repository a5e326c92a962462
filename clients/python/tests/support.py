"""What the client tests share: the live server's URL (FMNIST_URL) and whole-split arrays to compare with."""

import functools
import io
import os
import unittest

import numpy as np
import requests


def base_url():
    url = os.environ.get("FMNIST_URL")
    if not url:
        raise unittest.SkipTest("FMNIST_URL is not set: point it at a running server, e.g. http://localhost:8080")
    return url.rstrip("/")


@functools.lru_cache(maxsize=None)
def split_arrays(split):
    """(images [N,28,28] uint8, labels [N] uint8) of a split, from the server's whole-array endpoints."""
    prefix = "%s/api/v1/datasets/fashion-mnist/splits/%s" % (base_url(), split)
    arrays = []
    for name in ("images.npy", "labels.npy"):
        response = requests.get("%s/%s" % (prefix, name), timeout=120)
        response.raise_for_status()
        arrays.append(np.load(io.BytesIO(response.content)))
    return tuple(arrays)


@functools.lru_cache(maxsize=None)
def pixel_stats():
    response = requests.get("%s/api/v1/datasets/fashion-mnist" % base_url(), timeout=30)
    response.raise_for_status()
    stats = response.json()["pixelStats"]
    return stats["mean"], stats["std"]
