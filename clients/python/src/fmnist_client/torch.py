"""A PyTorch ``IterableDataset`` over the server's batches (``pip install 'fmnist-client[torch]'``).

Each distributed rank reads its own shard of the epoch (``shard=rank`` of ``numShards=world_size``), and a
rank's DataLoader workers share its batches: worker w of W fetches batches w, w+W, w+2W, ..., which the
DataLoader hands over round-robin, so the trainer gets batch 0, 1, 2, ... whatever the number of workers.
It yields whole batches, so give the DataLoader ``batch_size=None`` (``loader()`` does)::

    from fmnist_client.torch import ServerBatches

    batches = ServerBatches("http://localhost:8080", batch_size=256, shuffle=True, seed=0)
    loader = batches.loader(num_workers=2)        # a DataLoader that tells batches what it handed over
    for epoch in range(10):
        batches.set_epoch(epoch)                  # like DistributedSampler.set_epoch
        for images, labels in loader:             # float32 [n, 1, 28, 28]; int64 [n]
            ...
        checkpoint = {"data": batches.state_dict(), ...}

The rank and world size are read when the dataset is made, in the training process, as
``DistributedSampler`` does (workers started by ``spawn`` or ``forkserver`` have no process group to ask);
pass ``rank`` and ``world_size`` to set them yourself. ``set_epoch`` changes the dataset in the training
process, which workers copy when an iteration starts: with ``persistent_workers=True`` they keep the copy of
their first epoch, so leave that off (the default).
"""

from typing import Any, Dict, Iterator, Optional

import torch
import torch.distributed as dist
from torch.utils.data import DataLoader, IterableDataset, get_worker_info

from .client import DEFAULT_URL, Client, canonical_split
from .epoch import STATE_KIND, STATE_VERSION, IncompatibleState, _labels, check_state, consumed

__all__ = ["ServerBatches"]


class _Run:
    """How far the trainer got in one pass over an epoch: batches handed over, of how many."""

    def __init__(self, epoch: int, start: int, sizes: dict, batch_size: int, num_shards: int):
        self.epoch = epoch
        self.start = start
        self.count = sizes["numBatches"]
        self.epoch_size = sizes["epochSize"]
        self.batch_size = batch_size
        self.num_shards = num_shards
        self.handed = 0

    def position(self) -> int:
        return consumed(self.start, self.handed, self.count, self.batch_size, self.num_shards, self.epoch_size)


class ServerBatches(IterableDataset):
    """Batches of ``(images, labels)`` tensors for this rank's share of one epoch (``set_epoch`` selects which).

    ``with_indices=True`` adds a third tensor, the items' original split indices (int64). ``rank`` and
    ``world_size`` default to those of the initialised ``torch.distributed`` process group, or 0 and 1. With
    several ranks, ``equalize="pad"`` (as DistributedSampler pads) or ``"drop"`` gives every rank the same
    number of batches, which DistributedDataParallel needs. The other options are those of
    :meth:`fmnist_client.Client.epoch`; ``client_options`` go to :class:`fmnist_client.Client`.

    ``state_dict()`` records the position the trainer reached (the batches it received, not those fetched
    ahead), counted over all ranks; ``load_state_dict()`` resumes there, with any number of ranks or workers.
    It counts what it hands over when iterated directly or by a DataLoader without workers; with workers,
    iterate ``loader(...)``, which counts for it.
    """

    def __init__(self, base_url: str = DEFAULT_URL, split: str = "train", batch_size: int = 256, shuffle: bool = True,
                 seed: int = 0, epoch: int = 0, drop_last: bool = False, labels=None, dtype: str = "float32",
                 normalize: str = "standard", layout: str = "nchw", equalize: str = "none", convert: str = "client",
                 format: str = "safetensors", inflight: int = 2, prefetch: int = 4, threads: Optional[int] = None,
                 with_indices: bool = False, dataset: str = "fashion-mnist", rank: Optional[int] = None,
                 world_size: Optional[int] = None, progress: bool = False, fetch_size: Optional[int] = None,
                 client_options: Optional[Dict[str, Any]] = None):
        super().__init__()
        distributed = dist.is_available() and dist.is_initialized()
        if rank is None:
            rank = dist.get_rank() if distributed else 0
        if world_size is None:
            world_size = dist.get_world_size() if distributed else 1
        if not 0 <= rank < world_size:
            raise ValueError("rank must be in 0..world_size-1, found rank %d of %d" % (rank, world_size))
        self.rank = rank
        self.world_size = world_size
        self.base_url = base_url
        self.dataset = dataset
        self.split = canonical_split(split)
        self.epoch = epoch
        self.with_indices = with_indices
        self.client_options = dict(client_options or {})
        self.options = dict(batch_size=batch_size, shuffle=shuffle, seed=seed, drop_last=drop_last,
                            labels=_labels(labels), dtype=dtype, normalize=normalize, layout=layout, equalize=equalize,
                            convert=convert, format=format, inflight=threads if threads is not None else inflight,
                            prefetch=prefetch, progress=progress, fetch_size=fetch_size)
        self._resume: Optional[tuple] = None  # (epoch, position) of a loaded state
        self._shared_client: Optional[Client] = None
        self._run: Optional[_Run] = None

    def set_epoch(self, epoch: int) -> None:
        """Selects the epoch (and so the shuffled order) that the next iteration reads."""
        self.epoch = epoch

    def shard(self):
        """(shard, num_shards) this rank reads: its rank of the world size."""
        return self.rank, self.world_size

    def _start(self) -> int:
        """Where the current epoch starts: a loaded state's position for its epoch, 0 for any other."""
        if self._resume is not None and self._resume[0] == self.epoch:
            return self._resume[1]
        return 0

    def _epoch(self, client: Client, progress: bool):
        options = dict(self.options, progress=progress)
        return client.epoch(self.split, epoch=self.epoch, start=self._start(), shard=self.rank,
                            num_shards=self.world_size, with_indices=True, output="torch", **options)

    def _client(self) -> Client:
        """This process's client, kept from pass to pass with what it learnt once (the dataset document, the epoch's
        sizes) and its open connections and buffers. A DataLoader worker gets a copy of it without those, and
        closes it when its pass ends."""
        if self._shared_client is None:
            self._shared_client = Client(self.base_url, self.dataset, **self.client_options)
        return self._shared_client

    def close(self) -> None:
        """Closes the connections this dataset keeps open between passes, and lets go of its buffers (it can still
        be iterated: it opens new ones)."""
        if self._shared_client is not None:
            self._shared_client.close()

    def __iter__(self) -> Iterator:
        worker = get_worker_info()
        client = self._client()
        if worker is None:
            epoch = self._epoch(client, self.options["progress"])
            batches = iter(epoch)
            self._run = _Run(self.epoch, epoch.start, epoch._sizes(), epoch.batch_size, self.world_size)
            run = self._run
        else:
            epoch = self._epoch(client, False)
            batches = epoch._iterate(range(worker.id, len(epoch), worker.num_workers))
            run = None
        try:
            for images, labels, indices in batches:
                if run is not None:
                    run.handed += 1
                yield (images, labels, indices) if self.with_indices else (images, labels)
        finally:
            batches.close()
            if worker is not None:
                client.close()  # this copy of the dataset ends with the worker's pass

    def _begin(self) -> _Run:
        """A pass over the current epoch that a DataLoader with workers makes: counted in this process."""
        epoch = self._epoch(self._client(), False)
        self._run = _Run(self.epoch, epoch.start, epoch._sizes(), epoch.batch_size, self.world_size)
        return self._run

    def loader(self, **options) -> DataLoader:
        """A DataLoader over these batches (``batch_size=None`` unless given) that counts, in this process, the
        batches it hands to the trainer, so that ``state_dict()`` is right with workers too."""
        options.setdefault("batch_size", None)
        return _CountingLoader(self, **options)

    def state_dict(self) -> Dict[str, Any]:
        """The position the trainer reached in the current epoch, over all ranks; plain types only."""
        run = self._run
        position = run.position() if run is not None and run.epoch == self.epoch else self._start()
        return {"kind": STATE_KIND, "version": STATE_VERSION, "dataset": self.dataset, "split": self.split,
                "labels": self.options["labels"], "shuffle": bool(self.options["shuffle"]), "seed": self.options["seed"],
                "epoch": self.epoch, "position": position, "batch_size": self.options["batch_size"],
                "num_shards": self.world_size, "equalize": self.options["equalize"], "rank": self.rank}

    def load_state_dict(self, state: Dict[str, Any]) -> None:
        """Selects the state's epoch, and makes its next pass start after the last sample the trainer received.

        Any batch size, number of ranks or of DataLoader workers may resume it. A state of another dataset,
        split, label filter or shuffle raises IncompatibleState.
        """
        check_state(state, self.dataset, self.split, bool(self.options["shuffle"]), self.options["seed"],
                    self.options["labels"])
        if not isinstance(state.get("epoch"), int) or state["epoch"] < 0:
            raise IncompatibleState("the state's epoch must be an integer >= 0, not %r" % (state.get("epoch"),))
        self.epoch = state["epoch"]
        self._resume = (state["epoch"], state["position"])
        self._run = None


class _CountingLoader(DataLoader):
    """A DataLoader that reports each batch it hands over to its ServerBatches, living in this process."""

    def __iter__(self):
        dataset = self.dataset
        if self.num_workers == 0:
            # The dataset runs here and counts what it yields itself.
            yield from super().__iter__()
            return
        run = dataset._begin()
        for batch in super().__iter__():
            run.handed += 1
            yield batch
