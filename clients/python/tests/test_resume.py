"""Epochs from a start position, equal shards, and resuming from a saved state, against the live server."""

import json
import unittest

import numpy as np

from fmnist_client import Client, IncompatibleState, epoch_order, shard_positions
from tests.support import base_url, split_arrays


def indices_of(batches):
    return [int(index) for batch in batches for index in batch[2]]


class EpochResumeTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.client = Client(base_url())
        cls.order = epoch_order(range(10000), 21, 4)
        cls.images, cls.labels = split_arrays("test")

    @classmethod
    def tearDownClass(cls):
        cls.client.close()

    def epoch(self, **options):
        options = dict(dict(batch_size=300, seed=21, epoch=4, dtype="uint8", normalize="none", layout="nhw",
                            with_indices=True), **options)
        return self.client.epoch("test", **options)

    def test_batches_are_the_servers_batches_whatever_is_fetched_at_once(self):
        for drop_last in (False, True):
            server = [self.client.batch(number, "test", batch_size=300, shuffle=True, seed=21, epoch=4, drop_last=drop_last,
                                        format="safetensors") for number in range(34 if not drop_last else 33)]
            for fetch_size in (300, 1200, 8100):
                with self.subTest(drop_last=drop_last, fetch_size=fetch_size):
                    ours = list(self.epoch(drop_last=drop_last, fetch_size=fetch_size))
                    self.assertEqual(len(ours), len(server))
                    for (images, labels, indices), expected in zip(ours, server):
                        np.testing.assert_array_equal(indices, expected["indices"])
                        np.testing.assert_array_equal(images, expected["images"])
                        np.testing.assert_array_equal(labels, expected["labels"])

    def test_a_resumed_epoch_yields_exactly_the_remaining_samples_in_the_same_order(self):
        whole = indices_of(self.epoch())
        self.assertEqual(whole, self.order)
        for stop in (1, 3, 4, 33):
            with self.subTest(stop=stop):
                first = iter(self.epoch(prefetch=8))
                taken = [next(first) for _ in range(stop)]
                state = json.loads(json.dumps(first.state_dict()))  # plain types: any checkpoint format keeps it
                first.close()
                self.assertEqual(state["position"], stop * 300)
                resumed = self.epoch(batch_size=128)
                resumed.load_state_dict(state)
                rest = list(resumed)
                self.assertEqual(indices_of(taken) + indices_of(rest), whole)
                for images, labels, indices in rest:
                    np.testing.assert_array_equal(images, self.images[indices])
                    np.testing.assert_array_equal(labels, self.labels[indices])

    def test_the_state_counts_batches_handed_over_not_those_fetched_ahead(self):
        epoch = self.epoch(prefetch=16, inflight=4, fetch_size=300)
        iterator = iter(epoch)
        self.assertEqual(iterator.state_dict()["position"], 0)
        next(iterator)
        next(iterator)
        self.assertEqual(iterator.state_dict()["position"], 600)
        self.assertEqual(epoch.state_dict()["position"], 600)
        iterator.close()
        done = iter(self.epoch())
        list(done)
        self.assertEqual(done.state_dict()["position"], 10000)

    def test_a_job_resumed_with_another_number_of_shards_sees_every_other_sample_once(self):
        # Two ranks take five batches each: together the first 3,000 positions.
        seen = []
        states = []
        for shard in range(2):
            iterator = iter(self.epoch(shard=shard, num_shards=2))
            seen += indices_of(next(iterator) for _ in range(5))
            states.append(iterator.state_dict())
            iterator.close()
        self.assertEqual(states[0]["position"], 3000)
        self.assertEqual(states[1]["position"], 3000)
        self.assertEqual(sorted(seen), sorted(self.order[:3000]))
        # Three ranks resume from rank 0's checkpoint, with another batch size.
        for shard in range(3):
            epoch = self.epoch(shard=shard, num_shards=3, batch_size=256)
            epoch.load_state_dict(states[0])
            self.assertEqual(epoch.start, 3000)
            mine = indices_of(epoch)
            self.assertEqual(mine, [self.order[p] for p in shard_positions(10000, shard, 3, start=3000)])
            seen += mine
        self.assertEqual(sorted(seen), list(range(10000)))

    def test_start_skips_positions_before_sharding_as_the_reference_says(self):
        for start, equalize, num_shards in ((0, "pad", 3), (1234, "none", 4), (1234, "drop", 4), (9998, "pad", 5),
                                            (10000, "pad", 2)):
            for shard in range(num_shards):
                with self.subTest(start=start, equalize=equalize, shard=shard, num_shards=num_shards):
                    epoch = self.epoch(start=start, equalize=equalize, shard=shard, num_shards=num_shards, batch_size=500)
                    expected = [self.order[p] for p in shard_positions(10000, shard, num_shards, start, equalize)]
                    self.assertEqual(indices_of(epoch), expected)

    def test_equalized_shards_give_every_rank_the_same_number_of_steps(self):
        for equalize in ("drop", "pad"):
            lengths = {len(self.epoch(shard=shard, num_shards=7, equalize=equalize, batch_size=100)) for shard in range(7)}
            self.assertEqual(len(lengths), 1, equalize)
        # 10,000 items: four shards of 1,429 and three of 1,428. Without equalizing, dropLast leaves them unequal.
        lengths = [len(self.epoch(shard=shard, num_shards=7, batch_size=1429, drop_last=True)) for shard in range(7)]
        self.assertEqual(lengths, [1, 1, 1, 1, 0, 0, 0])
        lengths = [len(self.epoch(shard=shard, num_shards=7, batch_size=1429, drop_last=True, equalize="pad"))
                   for shard in range(7)]
        self.assertEqual(lengths, [1] * 7)

    def test_a_state_of_another_epoch_order_is_refused_with_a_clear_error(self):
        iterator = iter(self.epoch())
        next(iterator)
        state = iterator.state_dict()
        iterator.close()
        others = {"split": self.client.epoch("train", seed=21, epoch=4), "seed": self.epoch(seed=22),
                  "labels": self.epoch(labels=[1, 2]), "shuffle": self.epoch(shuffle=False)}
        for difference, epoch in others.items():
            with self.subTest(difference=difference):
                with self.assertRaisesRegex(IncompatibleState, difference):
                    epoch.load_state_dict(state)
        with self.assertRaisesRegex(IncompatibleState, "dataset"):
            self.epoch().load_state_dict(dict(state, dataset="mnist"))
        with self.assertRaisesRegex(IncompatibleState, "epoch 4, this is epoch 5"):
            self.epoch(epoch=5).load_state_dict(state)
        for garbage in (None, {}, {"position": 3}, dict(state, position=-1), dict(state, version=99)):
            with self.subTest(garbage=garbage), self.assertRaises(IncompatibleState):
                self.epoch().load_state_dict(garbage)
        # Not shuffled, the seed does not matter.
        ordered = iter(self.epoch(shuffle=False, seed=1))
        next(ordered)
        unshuffled = ordered.state_dict()
        ordered.close()
        self.epoch(shuffle=False, seed=2).load_state_dict(unshuffled)

    def test_an_abandoned_iteration_stops_its_threads(self):
        iterator = iter(self.epoch(inflight=3, fetch_size=300))
        next(iterator)
        threads = list(iterator._pipeline._threads)
        iterator.close()
        for thread in threads:
            thread.join(60)
            self.assertFalse(thread.is_alive())

    def test_the_next_epoch_starts_on_the_connections_the_last_one_left(self):
        with Client(base_url()) as client:
            first = indices_of(client.epoch("test", batch_size=1000, seed=21, epoch=4, inflight=2, with_indices=True))
            kept = list(client._idle_workers)
            sockets = [worker.connection._sock for worker in kept]
            self.assertEqual(len(kept), 2)
            self.assertNotIn(None, sockets)
            second = indices_of(client.epoch("test", batch_size=1000, seed=21, epoch=5, inflight=2, with_indices=True))
            self.assertEqual(sorted(map(id, client._idle_workers)), sorted(map(id, kept)))
            self.assertEqual(sorted(id(worker.connection._sock) for worker in kept), sorted(map(id, sockets)))
            self.assertEqual((first, second), (self.order, epoch_order(range(10000), 21, 5)))
            # Left unfinished, an epoch closes its connections; the next one opens new ones.
            iterator = iter(client.epoch("test", batch_size=1000, seed=21, epoch=4, inflight=2, fetch_size=1000))
            next(iterator)
            iterator.close()
            self.assertTrue(all(worker.connection._sock is None for worker in client._idle_workers))
            self.assertEqual(indices_of(client.epoch("test", batch_size=1000, seed=21, epoch=4, with_indices=True)), self.order)
            client.close()
            self.assertEqual(client._idle_workers, [])
            self.assertTrue(all(sock.fileno() == -1 for sock in sockets))

    def test_a_progress_bar_follows_the_iteration(self):
        import io
        from fmnist_client.progress import _LineProgress
        stream = io.StringIO()
        bar = _LineProgress(10000, "test epoch 4", "img", 0, False, stream=stream)
        for _ in range(4):
            bar.update(2500)
        bar.close()
        self.assertIn("test epoch 4: 10000 of 10000 (100%)", stream.getvalue())
        self.assertEqual(len(list(self.epoch(progress=True))), 34)


if __name__ == "__main__":
    unittest.main()
