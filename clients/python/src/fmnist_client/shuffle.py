"""The server's epoch order and sharding, reimplemented from docs/batches.md.

Nothing here talks to the server: it is the reference a client in any language can follow, and what the
tests compare the server's batches with. ``epoch_order`` is SplitMix64 driving a Fisher-Yates shuffle;
``shard_positions`` is ``start``, ``equalize`` and the interleaved shards.
"""

from typing import Iterable, List

__all__ = ["mix64", "epoch_order", "shard_positions", "shard_for", "EQUALIZE"]

_MASK64 = (1 << 64) - 1
_GAMMA = 0x9E3779B97F4A7C15

EQUALIZE = ("none", "drop", "pad")


def mix64(z: int) -> int:
    """SplitMix64's output function on an unsigned 64-bit integer."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


def epoch_order(indices: Iterable[int], seed: int, epoch: int) -> List[int]:
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


def shard_positions(size: int, shard: int = 0, num_shards: int = 1, start: int = 0, equalize: str = "none") -> List[int]:
    """The positions of the epoch order (0..size-1) that shard ``shard`` of ``num_shards`` holds, in its order.

    The first ``start`` positions are skipped; the m left are shared out as they fall (``none``), or their
    last m mod k dropped (``drop``), or the first of them repeated, cycling, until m is a multiple of k
    (``pad``); shard r takes the r-th, (r+k)-th, ... of them.
    """
    if equalize not in EQUALIZE:
        raise ValueError("equalize must be one of %s, not %r" % (", ".join(EQUALIZE), equalize))
    remaining = max(0, size - start)
    shared = remaining
    if equalize == "drop":
        shared = remaining - remaining % num_shards
    elif equalize == "pad" and remaining % num_shards:
        shared = remaining + num_shards - remaining % num_shards
    return [start + position % remaining for position in range(shard, shared, num_shards)]


def shard_for(rank: int = 0, world_size: int = 1, worker_id: int = 0, num_workers: int = 1):
    """(shard, num_shards) giving each DataLoader worker of each rank a shard of its own: every pair is distinct.

    The PyTorch adapter no longer shards by worker (its workers share their rank's batches, so that their
    number changes nothing the trainer sees); this stays for code that does.
    """
    return rank * num_workers + worker_id, world_size * num_workers

