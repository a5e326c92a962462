"""Whole splits to disk: ``images.npy`` and ``labels.npy``, resumed with Range requests, checked by SHA-256."""

import hashlib
import os
import warnings
from pathlib import Path
from typing import Dict, Optional

from .client import Client, ServerError, canonical_split
from .progress import progress_bar

__all__ = ["download", "ChecksumError"]

_ARRAYS = ("images.npy", "labels.npy")


class ChecksumError(Exception):
    """A downloaded file's SHA-256 is not the one the dataset document publishes."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download(client: Client, split: str, directory, progress: bool) -> Dict[str, Path]:
    split = canonical_split(split)
    document = client.info()
    if split not in document.get("splits", {}):
        raise ValueError("%s has no split %r; it has %s" % (client.dataset, split, ", ".join(document.get("splits", {}))))
    published = {array["name"]: array for array in document["splits"][split].get("arrays", [])}
    if not published:
        warnings.warn("the server publishes no checksums of its arrays (an older server?): the download is not checked")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name in _ARRAYS:
        expected = published.get(name)
        target = directory / ("%s-%s-%s" % (client.dataset, split, name))
        if expected is None or not _intact(target, expected):
            _fetch(client, split, name, target, expected, progress)
        paths[name[:-len(".npy")]] = target
    return paths


def _intact(path: Path, expected: dict) -> bool:
    return path.is_file() and path.stat().st_size == expected["size"] and _sha256(path) == expected["sha256"]


def _fetch(client: Client, split: str, name: str, target: Path, expected: Optional[dict], progress: bool) -> None:
    """Downloads into ``target.part`` (kept when interrupted, and resumed), checks it, then renames it."""
    partial = target.with_name(target.name + ".part")
    for fresh in (False, True):
        if fresh and partial.exists():
            partial.unlink()
        _transfer(client, "%s/splits/%s/%s" % (client._dataset_path(), split, name), partial,
                  expected["size"] if expected else None, progress, "%s %s" % (split, name))
        if expected is None or _sha256(partial) == expected["sha256"]:
            os.replace(partial, target)
            return
        if fresh:
            break
    partial.unlink()
    raise ChecksumError("%s: the SHA-256 of the download is not the published %s" % (target.name, expected["sha256"]))


def _transfer(client: Client, path: str, partial: Path, size: Optional[int], progress: bool, description: str) -> None:
    """Appends to ``partial`` until it holds the whole file, resuming after each failure, with the client's retries."""
    connection = client._new_connection()
    bar = None
    try:
        for attempt in range(client.retries + 1):
            have = partial.stat().st_size if partial.exists() else 0
            if size is not None and have > size:
                partial.unlink()
                have = 0
            if size is not None and have == size:
                return
            headers = {"Range": "bytes=%d-" % have} if have else None
            try:
                response = connection.get(path, headers)
                if response.status == 416:  # nothing after what we have: a stale or complete part
                    response.discard()
                    partial.unlink()
                    continue
                if response.status >= 400:
                    body = response.read()
                    if response.status in (502, 503, 504) and attempt < client.retries:
                        client._pause(attempt)
                        continue
                    raise ServerError.of(response.status, {"detail": bytes(body[:200]).decode("utf-8", "replace")})
                mode = "ab" if response.status == 206 else "wb"
                total = size if size is not None else int(response.headers.get("content-length", 0)) or None
                if bar is not None and mode == "wb":  # the server sent the whole file after all: start over
                    bar.close()
                    bar = None
                if progress and bar is None:
                    bar = progress_bar(total, description, initial=have if mode == "ab" else 0, bytes_=True)
                with open(partial, mode) as file:
                    for chunk in response.chunks():
                        file.write(chunk)
                        if bar is not None:
                            bar.update(len(chunk))
                return
            except OSError:
                if attempt == client.retries:
                    raise
                client._pause(attempt)
    finally:
        if bar is not None:
            bar.close()
        client._forget(connection)
