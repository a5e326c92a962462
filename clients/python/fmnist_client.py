"""A small client for the Fashion-MNIST server's training path.

Needs only ``requests`` and ``numpy``; copy this file next to your notebook. Iterate an epoch of
``(images, labels)`` batches while the next batches download on background threads::

    from fmnist_client import Client

    client = Client("http://localhost:8080")
    for images, labels in client.epoch("train", batch_size=256, shuffle=True, seed=0, epoch=3):
        ...  # images: float32 [n, 1, 28, 28], standardised; labels: uint8 [n]

``epoch_order`` reproduces the server's shuffle exactly (SplitMix64 driving a Fisher-Yates shuffle),
so an epoch's order can be checked, or computed offline, without the server.
"""

import collections
import io
import json
import struct
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import requests

__all__ = ["Client", "Epoch", "ServerError", "IncompleteBody", "epoch_order", "shard_for", "mix64"]

DEFAULT_URL = "http://localhost:8080"

_MASK64 = (1 << 64) - 1
_GAMMA = 0x9E3779B97F4A7C15


class ServerError(Exception):
    """The server answered with an error: ``status`` and ``problem``, its RFC 9457 problem document.

    Made from a message alone (as PyTorch's DataLoader re-raises a worker's exception), it is still a
    ServerError, whose message names the status and the problem's detail.
    """

    def __init__(self, message, status=None, problem=None):
        super().__init__(message)
        self.status = status
        self.problem = problem if problem is not None else {}

    @classmethod
    def of(cls, status, problem):
        return cls("HTTP %d: %s" % (status, problem.get("detail") or problem.get("title") or "error"), status, problem)

    def __reduce__(self):
        return type(self), (self.args[0], self.status, self.problem)


class IncompleteBody(requests.exceptions.ConnectionError):
    """The response ended before its Content-Length: the server or a proxy went away mid-body."""


# A dying instance shows as one of these: the connection refused or reset, a body cut short, a timeout,
# or a balancer in front saying no instance could answer. Every request this client sends is an
# idempotent GET, so each is safe to send again.
_TRANSIENT_ERRORS = (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError,
                     requests.exceptions.Timeout)
_TRANSIENT_STATUS = (502, 503, 504)


class Client:
    """Talks to one server; safe to share between threads (each thread gets its own connection).

    A request that fails on the way (connection refused or reset, a body cut short, a timeout, or a 502,
    503 or 504 from a proxy) is sent again, at most ``retries`` more times, after ``backoff`` seconds,
    doubling each time (or the server's ``Retry-After``, up to 10 s). ``close()`` it, or use it in a
    ``with`` block, to close the connections it keeps alive.
    """

    def __init__(self, base_url=DEFAULT_URL, dataset="fashion-mnist", timeout=60.0, retries=2, backoff=0.25):
        if retries < 0:
            raise ValueError("retries must be at least 0")
        self.base_url = base_url.rstrip("/")
        self.dataset = dataset
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._sessions = _Sessions()

    def close(self):
        self._sessions.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def plan(self, split="train", **options):
        """The epoch plan: ``size``, ``batchSize``, ``numBatches``, ``batchUrlTemplate``, ..."""
        return self._get(self._sessions.get(), self._batches_url(split), _query(options)).json()

    def batch(self, index, split="train", **options):
        """Batch ``index`` as a dict of numpy arrays: ``images``, ``labels`` and ``indices``.

        Options are the server's parameters in snake case: batch_size, shuffle, seed, epoch, shard,
        num_shards, drop_last, labels (a list of classes), dtype, normalize, layout, format (the
        server's default is npz).
        """
        return self._batch(self._sessions.get(), index, split, options)

    def epoch(self, split="train", batch_size=256, shuffle=True, seed=0, epoch=0, shard=0, num_shards=1,
              drop_last=False, labels=None, dtype="float32", normalize="standard", layout="nchw",
              format="safetensors", prefetch=4, threads=2, with_indices=False):
        """An iterable over one epoch's batches as ``(images, labels)`` numpy arrays.

        The next ``prefetch`` batches are fetched on ``threads`` background threads while the
        caller works; ``with_indices=True`` yields ``(images, labels, indices)``. The arrays are
        the same in every ``format``; safetensors, the default, is the cheapest to read: numpy
        views its bytes in place, where an npz is unzipped and copied.
        """
        options = dict(batch_size=batch_size, shuffle=shuffle, seed=seed, epoch=epoch, shard=shard,
                       num_shards=num_shards, drop_last=drop_last, labels=labels, dtype=dtype,
                       normalize=normalize, layout=layout, format=format)
        return Epoch(self, split, options, prefetch, threads, with_indices)

    def _batches_url(self, split):
        return "%s/api/v1/datasets/%s/splits/%s/batches" % (self.base_url, self.dataset, split)

    def _batch(self, session, index, split, options):
        response = self._get(session, "%s/%d" % (self._batches_url(split), index), _query(options))
        # A bytearray, so that arrays viewing it are writable (torch.from_numpy wants that).
        return decode(bytearray(response.content), response.headers.get("Content-Type", ""))

    def _get(self, session, url, params):
        for attempt in range(self.retries + 1):
            delay = self.backoff * 2 ** attempt
            try:
                response = session.get(url, params=params, timeout=self.timeout)
                _check_complete(response)
            except _TRANSIENT_ERRORS:
                if attempt == self.retries:
                    raise
            else:
                if response.status_code not in _TRANSIENT_STATUS or attempt == self.retries:
                    break
                delay = _retry_after(response, delay)
            time.sleep(delay)
        if response.status_code >= 400:
            try:
                problem = response.json()
            except ValueError:
                problem = {"detail": response.text[:200]}
            raise ServerError.of(response.status_code, problem)
        return response


def _check_complete(response):
    """Raises IncompleteBody when fewer bytes arrived than the Content-Length said (urllib3 1.x, as in
    Debian 12, hands over a short body without a word)."""
    length = response.headers.get("Content-Length")
    if length is None or "Content-Encoding" in response.headers:
        return
    if len(response.content) != int(length):
        raise IncompleteBody("%s: %d of %s bytes arrived" % (response.url, len(response.content), length))


def _retry_after(response, default):
    try:
        return min(float(response.headers.get("Retry-After", default)), 10.0)
    except ValueError:  # an HTTP date: not worth parsing for so short a wait
        return default


class Epoch:
    """One epoch of batches; ``len()`` is its number of batches. Iterate it once or many times."""

    def __init__(self, client, split, options, prefetch, threads, with_indices):
        if prefetch < 1 or threads < 1:
            raise ValueError("prefetch and threads must be at least 1")
        self._client = client
        self._split = split
        self._options = options
        self._prefetch = prefetch
        self._threads = threads
        self._with_indices = with_indices
        self._plan = None

    @property
    def plan(self):
        if self._plan is None:
            plan_options = {k: v for k, v in self._options.items() if k not in ("dtype", "normalize", "layout", "format")}
            self._plan = self._client.plan(self._split, **plan_options)
        return self._plan

    def __len__(self):
        return self.plan["numBatches"]

    def __iter__(self):
        count = len(self)
        sessions = _Sessions()
        fetch = lambda index: self._client._batch(sessions.get(), index, self._split, self._options)
        pending = collections.deque()
        try:
            with ThreadPoolExecutor(max_workers=self._threads, thread_name_prefix="fmnist-prefetch") as pool:
                try:
                    for index in range(count):
                        pending.append(pool.submit(fetch, index))
                        if len(pending) > self._prefetch:
                            yield self._unpack(pending.popleft().result())
                    while pending:
                        yield self._unpack(pending.popleft().result())
                finally:
                    for future in pending:
                        future.cancel()
        finally:
            sessions.close()

    def _unpack(self, arrays):
        if self._with_indices:
            return arrays["images"], arrays["labels"], arrays["indices"]
        return arrays["images"], arrays["labels"]


class _Sessions:
    """One requests.Session per thread (a Session is not thread-safe), all closed together."""

    def __init__(self):
        self._local = threading.local()
        self._all = []
        self._lock = threading.Lock()

    def get(self):
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
            with self._lock:
                self._all.append(session)
        return session

    def close(self):
        with self._lock:
            sessions, self._all = self._all, []
        for session in sessions:
            session.close()


def decode(content, content_type):
    """The arrays of an encoded batch (npz, safetensors or json), as a dict of numpy arrays."""
    media_type = content_type.split(";")[0].strip().lower()
    if media_type == "application/json":
        document = json.loads(content)
        return {name: np.array(t["data"], dtype=t["dtype"]).reshape(t["shape"]) for name, t in document.items()}
    if bytes(content[:4]) == b"PK\x03\x04":
        with np.load(io.BytesIO(content)) as npz:
            return {name: npz[name] for name in npz.files}
    return decode_safetensors(content)


_SAFETENSORS_DTYPES = {"U8": np.uint8, "I64": "<i8", "F32": "<f4", "F64": "<f8", "I32": "<i4", "F16": "<f2"}


def decode_safetensors(content):
    """The tensors of a safetensors file, as numpy arrays that share ``content``'s memory (and so are
    writable only when it is, as a bytearray is)."""
    (header_length,) = struct.unpack_from("<Q", content, 0)
    header = json.loads(content[8:8 + header_length])
    header.pop("__metadata__", None)
    start = 8 + header_length
    arrays = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        dtype = np.dtype(_SAFETENSORS_DTYPES[info["dtype"]])
        arrays[name] = np.frombuffer(content, dtype=dtype, count=(end - begin) // dtype.itemsize,
                                     offset=start + begin).reshape(info["shape"])
    return arrays


def _query(options):
    names = {"batch_size": "batchSize", "num_shards": "numShards", "drop_last": "dropLast", "labels": "label"}
    query = {}
    for key, value in options.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif key == "labels":
            # Repeated (label=3&label=5): requests would percent-encode the comma of "3,5".
            value = [str(label) for label in value]
        query[names.get(key, key)] = value
    return query


def shard_for(rank=0, world_size=1, worker_id=0, num_workers=1):
    """(shard, num_shards) for one DataLoader worker of one distributed rank: every pair is distinct."""
    return rank * num_workers + worker_id, world_size * num_workers


def mix64(z):
    """SplitMix64's output function on an unsigned 64-bit integer."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


def epoch_order(indices, seed, epoch):
    """The server's shuffled order of ``indices`` (the filtered split indices, ascending) for an epoch.

    state = mix64(seed ^ mix64(epoch + GAMMA)); each draw advances state by GAMMA and returns
    mix64(state); Fisher-Yates from the last position down, with j drawn uniformly from 0..i by
    rejection on the draw's upper 32 bits. All arithmetic is unsigned 64-bit, modulo 2^64.
    """
    order = list(indices)
    state = mix64((seed & _MASK64) ^ mix64((epoch + _GAMMA) & _MASK64))
    for i in range(len(order) - 1, 0, -1):
        bound = i + 1
        limit = (1 << 32) - (1 << 32) % bound
        while True:
            state = (state + _GAMMA) & _MASK64
            draw = mix64(state) >> 32
            if draw < limit:
                break
        j = draw % bound
        order[i], order[j] = order[j], order[i]
    return order
