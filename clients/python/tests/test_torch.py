"""The PyTorch adapter against a live server; skipped without torch unless FMNIST_REQUIRE_TORCH=1."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

from fmnist_client import epoch_order
from tests.support import base_url

try:
    import torch
    from torch.utils.data import DataLoader
    TORCH_MISSING = None
except ImportError as error:
    TORCH_MISSING = str(error)

if TORCH_MISSING and os.environ.get("FMNIST_REQUIRE_TORCH") == "1":
    raise ImportError("FMNIST_REQUIRE_TORCH=1 but torch cannot be imported (apt-get install python3-torch): " + TORCH_MISSING)


@unittest.skipIf(TORCH_MISSING, "PyTorch adapter not tested: torch is not installed (apt-get install python3-torch)")
class ServerBatchesTest(unittest.TestCase):

    def test_dataloader_workers_read_the_epoch_exactly_once(self):
        from fmnist_torch import ServerBatches
        batches = ServerBatches(base_url(), "test", batch_size=500, shuffle=True, seed=11, with_indices=True)
        batches.set_epoch(2)
        seen = []
        for images, labels, indices in DataLoader(batches, batch_size=None, num_workers=2):
            self.assertEqual((images.dtype, tuple(images.shape[1:])), (torch.float32, (1, 28, 28)))
            self.assertEqual(labels.dtype, torch.int64)
            seen.extend(indices.tolist())
        self.assertEqual(len(seen), 10000)
        self.assertEqual(sorted(seen), list(range(10000)))

    def test_ranks_given_explicitly_read_the_epoch_exactly_once(self):
        from fmnist_torch import ServerBatches
        seen = []
        for rank in range(3):
            batches = ServerBatches(base_url(), "test", batch_size=700, shuffle=True, seed=4, with_indices=True,
                                    dtype="uint8", normalize="none", rank=rank, world_size=3)
            seen.extend(i for _, _, indices in DataLoader(batches, batch_size=None, num_workers=2) for i in indices.tolist())
        self.assertEqual(sorted(seen), list(range(10000)))

    def test_spawned_workers_of_distributed_ranks_read_the_epoch_exactly_once(self):
        # Workers started by spawn have no process group: the rank must come from the training process.
        with tempfile.TemporaryDirectory() as scratch:
            torch.multiprocessing.spawn(_distributed_rank, args=(2, base_url(), scratch), nprocs=2)
            seen = []
            for rank in range(2):
                with open(os.path.join(scratch, "rank-%d.json" % rank)) as indices:
                    seen.append(json.load(indices))
        self.assertEqual(len(set(seen[0]) & set(seen[1])), 0, "items read by both ranks")
        self.assertEqual(sorted(seen[0] + seen[1]), list(range(10000)))

    def test_an_error_in_a_worker_reaches_the_caller_as_a_server_error(self):
        from fmnist_client import ServerError
        from fmnist_torch import ServerBatches
        with self.assertRaises(ServerError) as bad:
            next(iter(DataLoader(ServerBatches(base_url(), "test", batch_size=0), batch_size=None, num_workers=1)))
        self.assertIn("HTTP 400", str(bad.exception))

    def test_the_number_of_workers_changes_neither_order_nor_content(self):
        from fmnist_client.torch import ServerBatches
        sequences = []
        for workers in (0, 1, 2, 3):
            batches = ServerBatches(base_url(), "test", batch_size=700, shuffle=True, seed=6, epoch=1, with_indices=True)
            received = list(batches.loader(num_workers=workers))
            sequences.append([indices.tolist() for _, _, indices in received])
            if workers == 0:
                first_images = received[0][0]
            else:
                self.assertTrue(torch.equal(received[0][0], first_images), "workers=%d" % workers)
        self.assertEqual(len(sequences[0]), 15)
        for workers, sequence in zip((1, 2, 3), sequences[1:]):
            self.assertEqual(sequence, sequences[0], "workers=%d" % workers)
        self.assertEqual(sum(sequences[0], []), epoch_order(range(10000), 6, 1))

    def test_a_resumed_run_yields_the_remaining_samples_with_any_number_of_workers(self):
        from fmnist_client.torch import ServerBatches
        options = dict(batch_size=500, shuffle=True, seed=8, with_indices=True)
        whole = epoch_order(range(10000), 8, 3)
        for workers_before, workers_after in ((0, 2), (2, 0), (3, 1)):
            with self.subTest(before=workers_before, after=workers_after):
                batches = ServerBatches(base_url(), "test", **options)
                batches.set_epoch(3)
                taken = []
                for number, (_, _, indices) in enumerate(batches.loader(num_workers=workers_before)):
                    taken += indices.tolist()
                    if number == 6:
                        state = batches.state_dict()
                        break
                self.assertEqual((state["epoch"], state["position"]), (3, 3500))
                resumed = ServerBatches(base_url(), "test", **options)
                resumed.load_state_dict(state)
                self.assertEqual(resumed.epoch, 3)
                rest = [i for _, _, indices in resumed.loader(num_workers=workers_after) for i in indices.tolist()]
                self.assertEqual(taken + rest, whole)
                self.assertEqual(resumed.state_dict()["position"], 10000)
                resumed.set_epoch(4)
                self.assertEqual(resumed.state_dict()["position"], 0)

    def test_ranks_resumed_with_another_world_size_see_every_other_sample_once(self):
        from fmnist_client.torch import ServerBatches
        seen, states = [], []
        for rank in range(2):
            batches = ServerBatches(base_url(), "test", batch_size=400, seed=2, with_indices=True, rank=rank, world_size=2)
            for number, (_, _, indices) in enumerate(batches):
                seen += indices.tolist()
                if number == 3:
                    states.append(batches.state_dict())
                    break
        self.assertEqual([state["position"] for state in states], [3200, 3200])
        for rank in range(3):
            batches = ServerBatches(base_url(), "test", batch_size=256, seed=2, with_indices=True, rank=rank, world_size=3)
            batches.load_state_dict(states[0])
            seen += [i for _, _, indices in batches.loader(num_workers=2) for i in indices.tolist()]
        self.assertEqual(sorted(seen), list(range(10000)))

    def test_equalized_ranks_run_the_same_number_of_steps(self):
        from fmnist_client.torch import ServerBatches
        for equalize in ("drop", "pad"):
            steps = {len(list(ServerBatches(base_url(), "test", batch_size=1000, drop_last=True, equalize=equalize, rank=rank,
                                             world_size=3).loader(num_workers=2))) for rank in range(3)}
            self.assertEqual(len(steps), 1, equalize)

    def test_a_state_of_another_split_or_filter_is_refused(self):
        from fmnist_client import IncompatibleState
        from fmnist_client.torch import ServerBatches
        state = ServerBatches(base_url(), "test", seed=1).state_dict()
        with self.assertRaisesRegex(IncompatibleState, "split"):
            ServerBatches(base_url(), "train", seed=1).load_state_dict(state)
        with self.assertRaisesRegex(IncompatibleState, "labels"):
            ServerBatches(base_url(), "test", seed=1, labels=[3]).load_state_dict(state)

    def test_example_trains_from_the_server(self):
        example = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "example_train.py")
        result = subprocess.run([sys.executable, example, "--url", base_url(), "--max-batches", "30"],
                                capture_output=True, text=True, timeout=600)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("test accuracy", result.stdout)


def _distributed_rank(rank, world_size, url, scratch):
    """One rank of a gloo process group: its DataLoader's spawned workers read its share of the test split."""
    import torch.distributed as dist
    from fmnist_torch import ServerBatches
    dist.init_process_group("gloo", init_method="file://" + os.path.join(scratch, "group"), rank=rank,
                            world_size=world_size)
    try:
        batches = ServerBatches(url, "test", batch_size=1000, shuffle=True, seed=9, with_indices=True, dtype="uint8",
                                normalize="none")
        loader = DataLoader(batches, batch_size=None, num_workers=2, multiprocessing_context="spawn")
        with open(os.path.join(scratch, "rank-%d.json" % rank), "w") as out:
            json.dump([i for _, _, indices in loader for i in indices.tolist()], out)
        dist.barrier()
    finally:
        dist.destroy_process_group()


if __name__ == "__main__":
    unittest.main()
