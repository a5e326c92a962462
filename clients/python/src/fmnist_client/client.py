"""The client: one server, its dataset document, plans, single batches, epochs and downloads."""

import json
import ssl
import threading
import time
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Tuple
from urllib.parse import quote, urlencode

import numpy as np

from ._http import BodyBuffer, Connection, Response
from .formats import decode

if TYPE_CHECKING:
    from .epoch import Epoch

__all__ = ["Client", "ServerError", "DEFAULT_URL"]

DEFAULT_URL = "http://localhost:8080"

# A dying or restarting instance shows as one of these: the connection refused or reset, a body cut short,
# a timeout, or a balancer in front saying that no instance could answer. Every request this client sends is
# an idempotent GET, so each is safe to send again.
_TRANSIENT_STATUS = (502, 503, 504)
_MAX_RETRY_AFTER = 10.0
_MAX_PLAN_SIZES = 256
_MAX_IDLE_WORKERS = 8

_SPLIT_ALIASES = {"t10k": "test"}


class ServerError(Exception):
    """The server answered with an error: ``status`` and ``problem``, its RFC 9457 problem document.

    Made from a message alone (as PyTorch's DataLoader re-raises a worker's exception), it is still a
    ServerError, whose message names the status and the problem's detail.
    """

    def __init__(self, message: str, status: Optional[int] = None, problem: Optional[dict] = None):
        super().__init__(message)
        self.status = status
        self.problem = problem if problem is not None else {}

    @classmethod
    def of(cls, status: int, problem: dict) -> "ServerError":
        return cls("HTTP %d: %s" % (status, problem.get("detail") or problem.get("title") or "error"), status, problem)

    def __reduce__(self):
        return type(self), (self.args[0], self.status, self.problem)


def canonical_split(split: str) -> str:
    """The split's id as the server names it (``t10k`` is the test split)."""
    return _SPLIT_ALIASES.get(split.lower(), split.lower())


def _query(options: Dict[str, Any]) -> Dict[str, Any]:
    """Snake-case options as the server's query parameters: booleans as true/false, labels repeated."""
    names = {"batch_size": "batchSize", "num_shards": "numShards", "drop_last": "dropLast", "labels": "label"}
    query = {}
    for key, value in options.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif key == "labels":
            # Repeated (label=3&label=5): an encoded comma (3%2C5) is not the plain form the fast path reads.
            value = [str(label) for label in value]
        query[names.get(key, key)] = value
    return query


def _encode(options: Dict[str, Any]) -> str:
    return urlencode(_query(options), doseq=True)


class Client:
    """Talks to one server. Safe to share between threads: each thread gets its own connection.

    A request that fails on the way (connection refused or reset, a body cut short, a timeout, or a 502,
    503 or 504 from a proxy) is sent again, at most ``retries`` more times, after ``backoff`` seconds,
    doubling each time up to ``max_backoff`` (or the ``Retry-After`` a proxy asks for, up to 10 s). The
    defaults ride out a restart of the server of about half a minute. ``close()`` it, or use it in a
    ``with`` block, to close the connections it keeps alive.
    """

    def __init__(self, base_url: str = DEFAULT_URL, dataset: str = "fashion-mnist", timeout: Optional[float] = 60.0,
                 retries: int = 10, backoff: float = 0.25, max_backoff: float = 5.0):
        if retries < 0:
            raise ValueError("retries must be at least 0")
        if backoff < 0 or max_backoff < 0:
            raise ValueError("backoff and max_backoff must be at least 0")
        self.base_url = base_url.rstrip("/")
        Connection(self.base_url)  # checks the URL now rather than at the first request
        self.dataset = dataset
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._local = threading.local()
        self._connections: List[Connection] = []
        self._lock = threading.Lock()
        self._info: Optional[dict] = None
        self._plan_sizes: Dict[tuple, Dict[str, int]] = {}  # an epoch's sizes by its parameters but seed and number
        self._idle_workers: List[Any] = []  # the connections and buffers of epochs' fetching threads, between epochs

    # -- lifecycle

    def close(self) -> None:
        """Closes the connections this client keeps alive and lets go of the buffers its epochs keep from one to the
        next (some 10 MB per fetching thread); it can still be used: it opens new ones."""
        with self._lock:
            connections, self._connections = self._connections, []
            workers, self._idle_workers = self._idle_workers, []
        for connection in connections:
            connection.close()
        for worker in workers:
            worker.close()

    def __del__(self):
        # Dropped without close() (a ServerBatches that goes out of scope): its sockets are closed here, not left to
        # the garbage collector, which warns about each.
        try:
            self.close()
        except Exception:
            pass

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __getstate__(self):
        state = self.__dict__.copy()
        for name in ("_local", "_connections", "_lock", "_idle_workers"):
            del state[name]
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._local = threading.local()
        self._connections = []
        self._lock = threading.Lock()
        self._idle_workers = []

    # -- the API

    def info(self) -> dict:
        """The dataset document (classes, splits, ``pixelStats``, files and arrays with their checksums), fetched once."""
        if self._info is None:
            response, body = self._get(self._connection(), self._dataset_path())
            self._info = json.loads(bytes(body))
        return self._info

    def pixel_stats(self) -> Tuple[float, float]:
        """(mean, std) of the train split's pixels scaled to [0, 1], as the server normalises with them."""
        stats = self.info()["pixelStats"]
        return float(stats["mean"]), float(stats["std"])

    def plan(self, split: str = "train", **options) -> dict:
        """The epoch plan: ``size``, ``batchSize``, ``numBatches``, ``epochSize``, ``batchUrlTemplate``, ...

        Options are the server's parameters in snake case: batch_size, shuffle, seed, epoch, start, shard,
        num_shards, equalize, drop_last, labels (a list of classes), and dtype, normalize, layout, format.
        """
        response, body = self._get(self._connection(), self._batches_path(split) + "?" + _encode(options))
        return json.loads(bytes(body))

    def batch(self, index: int, split: str = "train", **options) -> Dict[str, np.ndarray]:
        """Batch ``index`` as the server sends it, as a dict of numpy arrays: ``images``, ``labels`` and ``indices``.

        Options are those of :meth:`plan`; the server's defaults apply (uint8, npz). The arrays are writable.
        """
        target = "%s/%d?%s" % (self._batches_path(split), index, _encode(options))
        response, body = self._get(self._connection(), target)
        return decode(body, response.headers.get("content-type", ""))

    def epoch(self, split: str = "train", batch_size: int = 256, shuffle: bool = True, seed: int = 0, epoch: int = 0,
              start: int = 0, shard: int = 0, num_shards: int = 1, equalize: str = "none", drop_last: bool = False,
              labels: Optional[Iterable[int]] = None, dtype: str = "float32", normalize: str = "standard",
              layout: str = "nchw", convert: str = "client", format: str = "safetensors", inflight: int = 2,
              prefetch: int = 4, with_indices: bool = False, output: str = "numpy", progress: bool = False,
              fetch_size: Optional[int] = None, threads: Optional[int] = None) -> "Epoch":
        """One epoch (or this shard of it) as an iterable of ``(images, labels)`` batches, in order.

        ``images`` come as ``dtype``, ``normalize`` and ``layout`` say (float32, standardised, [n, 1, 28, 28]
        by default, ready for a CNN); ``labels`` are uint8 (int64 with ``output="torch"``, which yields torch
        tensors). ``with_indices=True`` adds the items' original split indices.

        How: the client asks for uint8 on the wire (``convert="client"``) and converts the pixels itself, bit for
        bit as the server would (``convert="server"`` has the server send them converted, four times the
        bytes for float32). Each request asks for ``fetch_size`` items (by default as many whole batches as make
        about 1,024 items: the same items in the same order, handed over a batch at a time); ``inflight``
        requests are in flight at once on as many connections, at most ``prefetch`` requests ahead of the
        caller. ``progress=True`` shows a progress bar.

        Resuming: ``start`` skips the first positions of the epoch order before sharding (the total number of
        samples all shards already consumed); ``equalize="drop"`` or ``"pad"`` gives every shard the same size,
        so that distributed ranks run the same number of steps. ``state_dict()`` and ``load_state_dict()`` on
        the returned epoch record and restore the position. ``threads`` is the old name of ``inflight``.
        """
        from .epoch import Epoch
        return Epoch(self, split, batch_size=batch_size, shuffle=shuffle, seed=seed, epoch=epoch, start=start,
                     shard=shard, num_shards=num_shards, equalize=equalize, drop_last=drop_last, labels=labels,
                     dtype=dtype, normalize=normalize, layout=layout, convert=convert, format=format,
                     inflight=threads if threads is not None else inflight, prefetch=prefetch,
                     with_indices=with_indices, output=output, progress=progress, fetch_size=fetch_size)

    def download(self, split: str = "train", directory: str = ".", progress: bool = True) -> Dict[str, Any]:
        """Downloads a split's ``images.npy`` and ``labels.npy`` into ``directory``, and returns their paths.

        Each file is checked against the SHA-256 the dataset document publishes. An interrupted download is
        resumed where it stopped (a Range request), in this call or the next; a file already there and
        intact is not downloaded again. ``progress`` shows a progress bar (tqdm's when installed).
        Returns ``{"images": Path, "labels": Path}``; ``numpy.load`` opens them.
        """
        from .download import download
        return download(self, split, directory, progress)

    # -- plumbing

    def _dataset_path(self) -> str:
        return "%s/api/v1/datasets/%s" % (self._prefix(), quote(self.dataset, safe=""))

    def _batches_path(self, split: str) -> str:
        return "%s/splits/%s/batches" % (self._dataset_path(), quote(split, safe=""))

    def _prefix(self) -> str:
        path = self.base_url.split("://", 1)[1]
        slash = path.find("/")
        return path[slash:] if slash >= 0 else ""

    def _connection(self) -> Connection:
        """The calling thread's connection."""
        connection = getattr(self._local, "connection", None)
        if connection is None or connection not in self._connections:  # none yet, or closed by close() since
            connection = self._local.connection = self._new_connection()
        return connection

    def _new_connection(self) -> Connection:
        connection = Connection(self.base_url, self.timeout)
        with self._lock:
            self._connections.append(connection)
        return connection

    def _forget(self, connection: Connection) -> None:
        connection.close()
        with self._lock:
            if connection in self._connections:
                self._connections.remove(connection)

    def _reuse_worker(self) -> Optional[Any]:
        """A fetching thread's connection and buffers that an earlier epoch left, or None."""
        with self._lock:
            return self._idle_workers.pop() if self._idle_workers else None

    def _keep_worker(self, worker: Any) -> None:
        with self._lock:
            if len(self._idle_workers) < _MAX_IDLE_WORKERS:
                self._idle_workers.append(worker)
                return
        worker.close()

    def _remember_sizes(self, key: tuple, sizes: Dict[str, int]) -> None:
        with self._lock:
            if len(self._plan_sizes) >= _MAX_PLAN_SIZES:
                self._plan_sizes.clear()
            self._plan_sizes[key] = sizes

    def _pause(self, attempt: int, retry_after: Optional[float] = None) -> None:
        """Waits before attempt ``attempt + 1``."""
        delay = min(self.backoff * 2 ** attempt, self.max_backoff)
        if retry_after is not None:
            delay = min(retry_after, _MAX_RETRY_AFTER)
        time.sleep(delay)

    def _get(self, connection: Connection, target: str, into: Optional[BodyBuffer] = None,
             headers: Optional[Dict[str, str]] = None) -> Tuple[Response, memoryview]:
        """GET with retries; the response and its body (a view of ``into`` when given). Raises ServerError for 4xx/5xx."""
        for attempt in range(self.retries + 1):
            try:
                response = connection.get(target, headers)
                if response.status in _TRANSIENT_STATUS and attempt < self.retries:
                    retry_after = _retry_after(response)
                    response.discard()
                    self._pause(attempt, retry_after)
                    continue
                body = response.read(into if response.status < 300 else None)
                break
            except OSError as error:
                if attempt == self.retries or isinstance(error, ssl.SSLCertVerificationError):
                    raise
                self._pause(attempt)
        if response.status >= 400:
            raise ServerError.of(response.status, _problem(response, body))
        return response, body


def _retry_after(response: Response) -> Optional[float]:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:  # an HTTP date: not worth parsing for so short a wait
        return None


def _problem(response: Response, body) -> dict:
    try:
        problem = json.loads(bytes(body))
        if isinstance(problem, dict):
            return problem
    except ValueError:
        pass
    return {"detail": bytes(body[:200]).decode("utf-8", "replace") or "HTTP %d" % response.status}

