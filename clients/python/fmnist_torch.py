"""A PyTorch ``IterableDataset`` over the Fashion-MNIST server's batches.

Each DataLoader worker of each distributed rank reads its own shard of the epoch, so together they
read every item exactly once and no two read the same one. It yields whole batches, so give the
DataLoader ``batch_size=None``::

    from torch.utils.data import DataLoader
    from fmnist_torch import ServerBatches

    batches = ServerBatches("http://localhost:8080", batch_size=256, shuffle=True, seed=0)
    loader = DataLoader(batches, batch_size=None, num_workers=2)
    for epoch in range(10):
        batches.set_epoch(epoch)  # like DistributedSampler.set_epoch
        for images, labels in loader:
            ...  # images: float32 [n, 1, 28, 28]; labels: int64 [n]

Batches come in each worker's order, interleaved by the DataLoader. A rank's shards can differ by
one item, so ranks may get different numbers of batches. For DistributedDataParallel, which needs
equal step counts, stop every rank at the smallest count.

The rank and world size are read when the dataset is made, in the training process, as
``DistributedSampler`` does (workers started by ``spawn`` or ``forkserver`` have no process group to
ask); pass ``rank`` and ``world_size`` to set them yourself. ``set_epoch`` changes the dataset in the
training process, which workers copy when an iteration starts: with ``persistent_workers=True`` they
keep the copy of their first epoch, so leave that off (the default).
"""

import numpy as np
import torch
import torch.distributed as dist
from torch.utils.data import IterableDataset, get_worker_info

from fmnist_client import DEFAULT_URL, Client, shard_for


class ServerBatches(IterableDataset):
    """Batches of ``(images, labels)`` tensors for this process's share of one epoch.

    ``with_indices=True`` adds a third tensor, the items' original split indices (int64). ``rank`` and
    ``world_size`` default to those of the initialised ``torch.distributed`` process group, or 0 and 1.
    """

    def __init__(self, base_url=DEFAULT_URL, split="train", batch_size=256, shuffle=True, seed=0, epoch=0,
                 drop_last=False, labels=None, dtype="float32", normalize="standard", layout="nchw",
                 prefetch=4, threads=2, with_indices=False, dataset="fashion-mnist", rank=None, world_size=None):
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
        self.split = split
        self.epoch = epoch
        self.prefetch = prefetch
        self.threads = threads
        self.with_indices = with_indices
        self.options = dict(batch_size=batch_size, shuffle=shuffle, seed=seed, drop_last=drop_last,
                            labels=labels, dtype=dtype, normalize=normalize, layout=layout)

    def set_epoch(self, epoch):
        """Selects the epoch (and so the shuffled order) that the next iteration reads."""
        self.epoch = epoch

    def shard(self):
        """(shard, num_shards) of the calling worker of the calling rank."""
        worker = get_worker_info()
        worker_id, num_workers = (worker.id, worker.num_workers) if worker is not None else (0, 1)
        return shard_for(self.rank, self.world_size, worker_id, num_workers)

    def __iter__(self):
        shard, num_shards = self.shard()
        with Client(self.base_url, self.dataset) as client:
            epoch = client.epoch(self.split, epoch=self.epoch, shard=shard, num_shards=num_shards,
                                 prefetch=self.prefetch, threads=self.threads, with_indices=True, **self.options)
            for images, labels, indices in epoch:
                batch = (torch.from_numpy(images), torch.from_numpy(labels.astype(np.int64)))
                yield batch + (torch.from_numpy(indices),) if self.with_indices else batch
