"""An epoch's batches: fetched ahead on several connections, converted on the fetching threads, handed over in
order; and the position reached, to resume from."""

import platform
import sys
import threading
from typing import Any, Callable, Dict, List, Optional, Sequence

import numpy as np

from ._http import BodyBuffer, Connection
from .client import Client, _encode, canonical_split
from .convert import Conversion
from .formats import decode
from .progress import progress_bar

__all__ = ["Epoch", "EpochIterator", "IncompatibleState", "STATE_KIND", "check_state", "consumed"]

STATE_KIND = "fmnist_client.epoch_state"
STATE_VERSION = 1
_FORMATS = ("safetensors", "npz", "json")
# Items asked for per request unless said otherwise: a request for 1,024 items costs the server and this
# client little more than one for 256 (headers, dispatch, a plan), so batches are fetched four at a time.
_FETCH_ITEMS = 1024
_MAX_FETCH = 8192
_JOIN_TIMEOUT = 10.0
_SIZES = ("numBatches", "size", "epochSize")


class IncompatibleState(ValueError):
    """A saved state that cannot resume this epoch: another dataset, split, label filter or shuffle."""


def _labels(labels) -> Optional[List[int]]:
    if labels is None:
        return None
    kept = sorted({int(label) for label in labels})
    return kept or None


def check_state(state: Any, dataset: str, split: str, shuffle: bool, seed: int, labels: Optional[List[int]]) -> None:
    """Raises IncompatibleState unless ``state`` is a state of an epoch over the same items in the same order."""
    if not isinstance(state, dict) or state.get("kind") != STATE_KIND:
        found = sorted(state) if isinstance(state, dict) else repr(state)[:100]
        raise IncompatibleState("not an epoch state saved by fmnist_client (state_dict() of an epoch or of "
                                "ServerBatches); found %s" % (found,))
    if state.get("version") != STATE_VERSION:
        raise IncompatibleState("epoch state version %r; this client reads version %d" % (state.get("version"), STATE_VERSION))
    mine = {"dataset": dataset, "split": split, "labels": labels, "shuffle": shuffle}
    if shuffle:
        mine["seed"] = seed
    differences = ["%s %r, not %r" % (name, state.get(name), value) for name, value in mine.items()
                   if state.get(name) != value]
    if differences:
        raise IncompatibleState("this state was saved for another epoch order and cannot resume this one: it has "
                                + "; ".join(differences))
    position = state.get("position")
    if not isinstance(position, int) or isinstance(position, bool) or position < 0:
        raise IncompatibleState("the state's position must be an integer >= 0, not %r" % (position,))


class Epoch:
    """One epoch, or one shard of it, from a start position: iterate it for its batches, in order.

    Iterating it again starts again from its start (``start``, or the position a loaded state recorded).
    ``len()`` is its number of batches; ``plan`` is the server's plan of it.
    """

    def __init__(self, client: Client, split: str, *, batch_size: int, shuffle: bool, seed: int, epoch: int, start: int,
                 shard: int, num_shards: int, equalize: str, drop_last: bool, labels, dtype: str, normalize: str,
                 layout: str, convert: str, format: str, inflight: int, prefetch: int, with_indices: bool,
                 output: str, progress: bool, fetch_size: Optional[int] = None):
        # The epoch's parameters are the server's to check: a bad one is a ServerError whose problem names it.
        if convert not in ("client", "server"):
            raise ValueError("convert must be 'client' or 'server', not %r" % (convert,))
        if format not in _FORMATS:
            raise ValueError("format must be one of %s, not %r" % (", ".join(_FORMATS), format))
        if output not in ("numpy", "torch"):
            raise ValueError("output must be 'numpy' or 'torch', not %r" % (output,))
        if inflight < 1 or prefetch < 1:
            raise ValueError("inflight and prefetch must be at least 1")
        if fetch_size is None:
            fetch_size = batch_size * max(1, _FETCH_ITEMS // batch_size) if batch_size > 0 else batch_size
        elif batch_size > 0 and (fetch_size % batch_size or not batch_size <= fetch_size <= _MAX_FETCH):
            raise ValueError("fetch_size must be a multiple of batch_size up to %d, not %r" % (_MAX_FETCH, fetch_size))
        if output == "torch":
            import torch  # noqa: F401  (here, once, rather than on a fetching thread in the middle of an epoch)
        Conversion(dtype, normalize, layout, 0.0, 1.0)  # checks the options before any request
        self.client = client
        self.split = canonical_split(split)
        self.batch_size = batch_size
        self.shuffle = bool(shuffle)
        self.seed = seed
        self.number = epoch
        self.shard = shard
        self.num_shards = num_shards
        self.equalize = equalize
        self.drop_last = bool(drop_last)
        self.labels = _labels(labels)
        self.dtype, self.normalize, self.layout = dtype, normalize, layout
        self.convert = convert
        self.format = format
        self.inflight = inflight
        self.prefetch = max(prefetch, inflight)
        self.with_indices = with_indices
        self.output = output
        self.progress = progress
        self.fetch_size = fetch_size
        self._start = start
        self._plan: Optional[dict] = None
        self._last: Optional["EpochIterator"] = None

    # -- what it is

    @property
    def start(self) -> int:
        """Positions of the epoch order skipped before sharding: where iterating this epoch starts."""
        return self._start

    def _epoch_options(self, batch_size: Optional[int] = None) -> Dict[str, Any]:
        """The epoch's parameters; with another ``batch_size``, those of requests for that many items at once."""
        options = dict(batch_size=batch_size or self.batch_size, shuffle=self.shuffle, seed=self.seed, epoch=self.number)
        if self._start:
            options["start"] = self._start
        options.update(shard=self.shard, num_shards=self.num_shards)
        if self.equalize != "none":
            options["equalize"] = self.equalize
        # Requests for several batches at once leave dropping the short one to the iterator.
        options.update(drop_last=self.drop_last and batch_size is None, labels=self.labels)
        return options

    def _content_options(self) -> Dict[str, Any]:
        if self.convert == "client":
            return {"format": self.format}  # uint8, the server's default
        return dict(dtype=self.dtype, normalize=self.normalize, layout=self.layout, format=self.format)

    @property
    def plan(self) -> dict:
        """The server's plan of this epoch from its start: ``size``, ``numBatches``, ``epochSize``, ..."""
        if self._plan is None:
            self._plan = self.client.plan(self.split, **self._epoch_options())
        return self._plan

    def _sizes(self) -> Dict[str, int]:
        """The plan's ``numBatches``, ``size`` and ``epochSize``. A shuffle only reorders the items, so epochs that
        differ only in their number or seed have the same sizes: the client asks the server once for all of them
        (a plan costs the service about as much as a batch of 1,024 items)."""
        if self._plan is not None:
            return self._plan
        key = (self.client.dataset, self.split) + tuple(
            (name, tuple(value) if isinstance(value, list) else value)
            for name, value in sorted(self._epoch_options().items()) if name not in ("seed", "epoch"))
        sizes = self.client._plan_sizes.get(key)
        if sizes is None:
            plan = self.plan
            sizes = {name: plan[name] for name in _SIZES}
            self.client._remember_sizes(key, sizes)
        return sizes

    def __len__(self) -> int:
        return self._sizes()["numBatches"]

    # -- iterating

    def __iter__(self) -> "EpochIterator":
        self._last = EpochIterator(self, range(len(self)), track=True, per_fetch=self.fetch_size // self.batch_size)
        return self._last

    def _iterate(self, batches: Sequence[int]) -> "EpochIterator":
        """Only these batch numbers, in this order (a DataLoader worker's share), one request each; no position
        is kept."""
        return EpochIterator(self, batches, track=False, per_fetch=1)

    def _fetcher(self, per_fetch: int) -> Callable:
        """What a fetching thread does for one request of ``per_fetch`` batches: GET, decode, convert, finish.
        Runs on that thread."""
        client = self.client
        conversion = None
        if self.convert == "client":
            mean, std = client.pixel_stats() if self.normalize == "standard" else (None, None)
            conversion = Conversion(self.dtype, self.normalize, self.layout, mean, std)
        prefix = client._batches_path(self.split) + "/"
        options = self._epoch_options(self.batch_size * per_fetch if per_fetch > 1 else None)
        query = "?" + _encode({**options, **self._content_options()})
        finish = _torch_finish if self.output == "torch" else _numpy_finish

        def fetch(worker: "_Worker", number: int):
            response, body = client._get(worker.connection, prefix + str(number) + query,
                                         into=worker.buffer if conversion is not None else None)
            arrays = decode(body, response.headers.get("content-type", ""))
            if conversion is not None:
                # The body's buffer is reused for the next batch: everything handed over is a copy of it, the
                # images converted into an array that the caller no longer holds, when there is one.
                pixels = arrays["images"]
                shape = conversion.shape(pixels.shape[0], pixels.shape[-1])
                images = conversion.apply(pixels, worker.outputs.array(shape, conversion.dtype))
                labels, indices = arrays["labels"].copy(), arrays["indices"].copy()
            else:
                images, labels, indices = arrays["images"], arrays["labels"], arrays["indices"]
            return finish(images, labels, indices)

        return fetch

    def _unpack(self, batch):
        return batch if self.with_indices else batch[:2]

    # -- resuming

    def state_dict(self) -> Dict[str, Any]:
        """Where this epoch stands: the position reached by the latest iteration (batches handed to the caller,
        not those fetched ahead), or its start. Plain types only: save it with json, pickle or torch.save."""
        position = self._last.position if self._last is not None else self._start
        return self._state(position)

    def _state(self, position: int) -> Dict[str, Any]:
        return {"kind": STATE_KIND, "version": STATE_VERSION, "dataset": self.client.dataset, "split": self.split,
                "labels": self.labels, "shuffle": self.shuffle, "seed": self.seed, "epoch": self.number,
                "position": position, "batch_size": self.batch_size, "num_shards": self.num_shards,
                "equalize": self.equalize}

    def load_state_dict(self, state: Dict[str, Any]) -> None:
        """Makes iteration start where ``state`` stands: the next sample is the one after the last the caller got.

        The state may come from a run with another batch size or number of shards: its position counts samples
        of the epoch order taken by all shards together. A state of another dataset, split, label filter,
        shuffle or epoch raises IncompatibleState.
        """
        check_state(state, self.client.dataset, self.split, self.shuffle, self.seed, self.labels)
        if state.get("epoch") != self.number:
            raise IncompatibleState("this state is of epoch %r, this is epoch %r: resume with client.epoch(..., epoch=%r)"
                                    % (state.get("epoch"), self.number, state.get("epoch")))
        self._start = state["position"]
        self._plan = None
        self._last = None


def consumed(start: int, handed: int, count: int, batch_size: int, num_shards: int, epoch_size: int) -> int:
    """Samples of the epoch order consumed by all shards together once a shard that started at ``start`` has
    handed over ``handed`` of its ``count`` batches: each shard is assumed to have taken as many (what
    distributed ranks stepping together do), so batch b of every shard is one block of ``num_shards`` *
    ``batch_size`` positions. The epoch's size once the shard is done (padding or dropping included)."""
    if handed >= count:
        return max(epoch_size, start)
    return min(epoch_size, start + handed * batch_size * num_shards)


def _numpy_finish(images, labels, indices):
    return images, labels, indices


def _torch_finish(images, labels, indices):
    import torch
    return torch.from_numpy(images), torch.from_numpy(labels.astype(np.int64)), torch.from_numpy(indices)


class EpochIterator:
    """The batches of one pass over an epoch, in order, while the next ones are fetched; ``state_dict()`` says
    where it stands. Close it (or exhaust it) to stop its threads early.

    Each request asks for ``per_fetch`` batches' items at once (the same positions of the shard, so the same
    items in the same order), which are handed over a batch at a time, as views of one array."""

    def __init__(self, epoch: Epoch, batches: Sequence[int], track: bool, per_fetch: int):
        self._epoch = epoch
        self._count = len(batches)
        self._track = track
        self._per_fetch = per_fetch
        self._start = epoch.start
        self._handed = 0
        self._fetched = None  # (request number, its arrays) being handed over
        self._bar = None
        if track and epoch.progress:
            self._bar = progress_bar(epoch._sizes()["size"], "%s epoch %d" % (epoch.split, epoch.number), unit="img")
        requests = batches if per_fetch == 1 else range((self._count + per_fetch - 1) // per_fetch)
        self._pipeline = _Pipeline(epoch._fetcher(per_fetch), requests, epoch.inflight, epoch.prefetch, epoch.client) \
            if self._count else None

    def __iter__(self) -> "EpochIterator":
        return self

    def __len__(self) -> int:
        return self._count - self._handed

    def __next__(self):
        if self._handed >= self._count or self._pipeline is None:
            self.close()
            raise StopIteration
        try:
            batch = self._take(self._handed)
        except BaseException:
            self.close()
            raise
        self._handed += 1
        if self._bar is not None:
            self._bar.update(len(batch[1]))
        if self._handed == self._count:
            self.close()
        return self._epoch._unpack(batch)

    def _take(self, place: int):
        if self._per_fetch == 1:
            return self._pipeline.take(place)
        request, offset = divmod(place, self._per_fetch)
        if self._fetched is None or self._fetched[0] != request:
            self._fetched = (request, self._pipeline.take(request))
        begin = offset * self._epoch.batch_size
        return tuple(array[begin:begin + self._epoch.batch_size] for array in self._fetched[1])

    @property
    def position(self) -> int:
        """Samples of the epoch order consumed by all shards together (see :func:`consumed`)."""
        if not self._track:
            raise RuntimeError("a partial iteration (one DataLoader worker's batches) keeps no position")
        epoch = self._epoch
        return consumed(epoch.start, self._handed, self._count, epoch.batch_size, epoch.num_shards,
                        epoch._sizes()["epochSize"])

    def state_dict(self) -> Dict[str, Any]:
        return self._epoch._state(self.position)

    def close(self) -> None:
        pipeline, self._pipeline = self._pipeline, None
        if pipeline is not None:
            pipeline.close()
        bar, self._bar = self._bar, None
        if bar is not None:
            bar.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


class _Worker:
    """A fetching thread's own connection, the buffer its bodies are read into, and the arrays it converts into.

    Kept by the client from one epoch to the next (see ``Client._keep_worker``): a new epoch then starts on
    connections already open, in memory already faulted in."""

    def __init__(self, client: Client):
        self.connection = Connection(client.base_url, client.timeout)
        self.buffer = BodyBuffer(256 * 1024)
        self.outputs = _Outputs(2)

    def close(self) -> None:
        self.connection.close()


# Whether a reference count says who holds an array: CPython's, not PyPy's.
_REFCOUNTED = platform.python_implementation() == "CPython"


class _Outputs:
    """Arrays that converted batches are written into, each used again once nothing refers to it any more.

    A new 3 MB array for every request costs more than converting into it: glibc hands such blocks back to
    the system when they are freed, so each one is faulted in again page by page (about 780 page faults, as
    long as the conversion itself, measured). An array the caller still holds, or any view or tensor of it,
    is referred to by that and is never touched; CPython counts those references, so an array whose only
    reference is this pool's can be reused. Up to ``keep`` arrays are kept; past that, new ones are made.
    """

    def __init__(self, keep: int):
        self.keep = keep
        self._arrays: List[np.ndarray] = []

    def array(self, shape: Sequence[int], dtype: str) -> np.ndarray:
        size = int(np.prod(shape))
        if _REFCOUNTED:
            for array in self._arrays:
                # Three references: the list's, this loop's and getrefcount's own argument; no view, no tensor.
                if sys.getrefcount(array) == 3 and array.dtype == dtype and array.size >= size:
                    return array[:size].reshape(shape)
        array = np.empty(size, dtype)
        if _REFCOUNTED and len(self._arrays) < self.keep:
            self._arrays.append(array)
        return array.reshape(shape)


class _Pipeline:
    """``inflight`` threads fetch the batches in order of their numbers, at most ``prefetch`` ahead of the
    consumer, and post each result (or the exception raised) under its place; ``take`` waits for one place.

    The threads hold no reference to the iterator, so an iterator dropped unfinished is collected and closes
    them."""

    def __init__(self, fetch: Callable, batches: Sequence[int], inflight: int, prefetch: int, client: Client):
        self._fetch = fetch
        self._batches = batches
        self._client = client
        self._results: Dict[int, tuple] = {}
        self._condition = threading.Condition()
        self._room = threading.Semaphore(prefetch)
        # A worker's arrays in use at once: its results waiting (at most prefetch), the one being handed over, and
        # the one the caller holds.
        self._keep = prefetch + 2
        self._claimed = 0
        self._stopped = False
        self._workers: List[_Worker] = []
        count = min(inflight, len(batches))
        self._threads = [threading.Thread(target=self._work, name="fmnist-fetch-%d" % i, daemon=True) for i in range(count)]
        for thread in self._threads:
            thread.start()

    def _work(self) -> None:
        worker = self._client._reuse_worker() or _Worker(self._client)
        worker.outputs.keep = self._keep
        failed = True
        with self._condition:
            self._workers.append(worker)
        try:
            while True:
                self._room.acquire()
                with self._condition:
                    if self._stopped or self._claimed >= len(self._batches):
                        self._room.release()  # so that the next thread waiting sees it too
                        failed = self._stopped
                        return
                    place = self._claimed
                    self._claimed += 1
                try:
                    result = (True, self._fetch(worker, self._batches[place]))
                except BaseException as error:  # handed to the consumer, raised there
                    result = (False, error)
                with self._condition:
                    self._results[place] = result
                    self._condition.notify_all()
                if not result[0]:
                    return
        finally:
            # Out of close()'s reach first, so that it never aborts a connection that another epoch uses next.
            with self._condition:
                self._workers.remove(worker)
            if failed:  # or stopped early: what is left on the connection is not worth reading
                worker.connection.close()
            self._client._keep_worker(worker)

    def take(self, place: int):
        with self._condition:
            while place not in self._results:
                self._condition.wait()
            ok, value = self._results.pop(place)
        self._room.release()
        if not ok:
            raise value
        return value

    def close(self) -> None:
        with self._condition:
            if self._stopped:
                return
            self._stopped = True
            for _ in self._threads:
                self._room.release()
            for worker in self._workers:  # those still fetching: a read blocked in one returns now
                worker.connection.abort()
        # Joined, so that none is left running when the interpreter exits (a thread inside torch then aborts it).
        current = threading.current_thread()
        for thread in self._threads:
            if thread is not current:
                thread.join(_JOIN_TIMEOUT)
