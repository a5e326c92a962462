"""The client against a live server: numpy reads every format, orders match the reference shuffle."""

import io
import pickle
import unittest
import zipfile

import numpy as np
import requests

from fmnist_client import Client, ServerError, _query, decode, epoch_order, shard_for
from tests.support import base_url, pixel_stats, split_arrays


class ReferenceShuffleTest(unittest.TestCase):

    def test_first_indices_are_pinned(self):
        # The same values are pinned in the server's EpochShuffleTest.
        self.assertEqual(epoch_order(range(60000), 0, 0)[:10],
                         [47466, 18759, 37634, 27062, 38481, 255, 31252, 59317, 29392, 22938])
        self.assertEqual(epoch_order(range(60000), 42, 3)[:10],
                         [12102, 35527, 32896, 59043, 10387, 39342, 28979, 919, 84, 25757])

    def test_every_pair_of_rank_and_worker_gets_its_own_shard(self):
        shards = {shard_for(rank, 3, worker, 4) for rank in range(3) for worker in range(4)}
        self.assertEqual(shards, {(shard, 12) for shard in range(12)})


class BatchFormatsTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.url = base_url() + "/api/v1/datasets/fashion-mnist/splits/train/batches"
        cls.images, cls.labels = split_arrays("train")

    def get(self, path, **params):
        response = requests.get(self.url + path, params=params, timeout=60)
        self.assertEqual(response.status_code, 200, response.text[:300])
        return response

    def test_numpy_loads_the_npz_with_the_stored_bytes(self):
        response = self.get("/3", batchSize=100, shuffle="true", seed=5)
        self.assertEqual(response.headers["Content-Type"], "application/zip")
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            self.assertEqual([info.filename for info in archive.infolist()], ["images.npy", "labels.npy", "indices.npy"])
            self.assertTrue(all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist()))
            self.assertIsNone(archive.testzip())
        with np.load(io.BytesIO(response.content)) as npz:
            images, labels, indices = npz["images"], npz["labels"], npz["indices"]
        self.assertEqual((images.dtype, images.shape), (np.uint8, (100, 28, 28)))
        self.assertEqual((labels.dtype, labels.shape), (np.uint8, (100,)))
        self.assertEqual((indices.dtype, indices.shape), (np.int64, (100,)))
        np.testing.assert_array_equal(images, self.images[indices])
        np.testing.assert_array_equal(labels, self.labels[indices])
        self.assertEqual(list(indices), epoch_order(range(60000), 5, 0)[300:400])

    def test_every_layout_has_its_shape_and_the_same_bytes(self):
        shapes = {"nhw": (10, 28, 28), "nchw": (10, 1, 28, 28), "nhwc": (10, 28, 28, 1), "flat": (10, 784)}
        expected = self.images[:10]
        for layout, shape in shapes.items():
            with self.subTest(layout=layout):
                arrays = decode(self.get("/0", batchSize=10, layout=layout).content, "application/zip")
                self.assertEqual(arrays["images"].shape, shape)
                np.testing.assert_array_equal(arrays["images"].reshape(10, 28, 28), expected)

    def test_floats_follow_the_normalisation_formulas(self):
        mean, std = pixel_stats()
        self.assertAlmostEqual(mean, 0.2860, places=4)
        self.assertAlmostEqual(std, 0.3530, places=4)
        v = self.images[:64].astype(np.float64)
        formulas = {"none": v, "unit": v / 255.0, "standard": (v / 255.0 - mean) / std}
        for normalize, formula in formulas.items():
            with self.subTest(normalize=normalize):
                arrays = decode(self.get("/0", batchSize=64, dtype="float32", normalize=normalize).content, "application/zip")
                self.assertEqual(arrays["images"].dtype, np.float32)
                # Evaluated in double precision and rounded once: exactly numpy's float32 of the formula.
                np.testing.assert_array_equal(arrays["images"], formula.astype(np.float32))

    def test_safetensors_and_json_hold_the_same_arrays_as_npz(self):
        params = dict(batchSize=50, shuffle="true", seed=9, epoch=2, dtype="float32", normalize="standard", layout="nchw")
        npz = decode(self.get("/7", **params).content, "application/zip")
        safetensors = self.get("/7", format="safetensors", **params)
        self.assertEqual(safetensors.headers["Content-Type"], "application/octet-stream")
        json_response = self.get("/7", format="json", **params)
        self.assertEqual(json_response.headers["Content-Type"], "application/json")
        for arrays in (decode(safetensors.content, "application/octet-stream"), decode(json_response.content, "application/json")):
            self.assertEqual(set(arrays), {"images", "labels", "indices"})
            for name in ("images", "labels", "indices"):
                self.assertEqual(arrays[name].dtype, npz[name].dtype, name)
                np.testing.assert_array_equal(arrays[name], npz[name], name)

    def test_accept_json_selects_json(self):
        response = requests.get(self.url + "/0", params={"batchSize": 2}, headers={"Accept": "application/json"}, timeout=30)
        self.assertEqual(response.headers["Content-Type"], "application/json")
        self.assertEqual(response.json()["labels"]["shape"], [2])


class EpochTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.client = Client(base_url())

    @classmethod
    def tearDownClass(cls):
        cls.client.close()

    def collect(self, epoch):
        return np.concatenate([indices for _, _, indices in epoch])

    def test_a_shuffled_epoch_is_the_reference_permutation(self):
        epoch = self.client.epoch("train", batch_size=4096, seed=42, epoch=3, dtype="uint8", normalize="none",
                                  with_indices=True)
        self.assertEqual(len(epoch), 15)
        order = self.collect(epoch)
        self.assertEqual(sorted(order), list(range(60000)))
        self.assertEqual(list(order), epoch_order(range(60000), 42, 3))

    def test_every_format_gives_writable_arrays(self):
        for format in ("npz", "safetensors", "json"):
            with self.subTest(format=format):
                arrays = self.client.batch(0, batch_size=4, format=format, dtype="float32", normalize="unit")
                self.assertTrue(all(array.flags.writeable for array in arrays.values()))
                self.assertEqual(arrays["images"].dtype, np.float32)

    def test_epochs_differ_and_repeat(self):
        first = self.client.batch(0, batch_size=1000, shuffle=True, seed=1, epoch=0)["indices"]
        again = self.client.batch(0, batch_size=1000, shuffle=True, seed=1, epoch=0)["indices"]
        other = self.client.batch(0, batch_size=1000, shuffle=True, seed=1, epoch=1)["indices"]
        np.testing.assert_array_equal(first, again)
        self.assertFalse(np.array_equal(first, other))

    def test_label_filter_shuffles_only_the_filtered_items(self):
        _, labels = split_arrays("test")
        filtered = [index for index in range(10000) if labels[index] in (3, 5)]
        epoch = self.client.epoch("test", batch_size=512, seed=7, epoch=1, labels=[3, 5], dtype="uint8",
                                  normalize="none", with_indices=True)
        batches = list(epoch)
        self.assertTrue(all(set(np.unique(batch_labels)) <= {3, 5} for _, batch_labels, _ in batches))
        self.assertEqual(list(np.concatenate([indices for _, _, indices in batches])), epoch_order(filtered, 7, 1))

    def test_shards_partition_the_epoch(self):
        order = epoch_order(range(10000), 3, 4)
        shards = []
        for shard in range(3):
            epoch = self.client.epoch("test", batch_size=1000, seed=3, epoch=4, shard=shard, num_shards=3,
                                      dtype="uint8", normalize="none", with_indices=True)
            shards.append(list(self.collect(epoch)))
            self.assertEqual(shards[-1], order[shard::3])
        self.assertEqual(sorted(sum(shards, [])), list(range(10000)))

    def test_drop_last_drops_the_short_batch(self):
        kept = self.client.epoch("test", batch_size=3000, shuffle=False, dtype="uint8", normalize="none")
        dropped = self.client.epoch("test", batch_size=3000, shuffle=False, drop_last=True, dtype="uint8", normalize="none")
        self.assertEqual([len(labels) for _, labels in kept], [3000, 3000, 3000, 1000])
        self.assertEqual([len(labels) for _, labels in dropped], [3000, 3000, 3000])

    def test_prefetching_keeps_batch_order(self):
        epoch = self.client.epoch("test", batch_size=100, shuffle=False, dtype="uint8", normalize="none",
                                  prefetch=8, threads=4, with_indices=True)
        np.testing.assert_array_equal(self.collect(epoch), np.arange(10000))

    def test_an_epochs_sizes_are_asked_for_once_whatever_its_number_and_seed(self):
        with Client(base_url()) as client:
            asked = []
            plan = client.plan
            client.plan = lambda *args, **options: asked.append(options) or plan(*args, **options)
            options = dict(batch_size=300, shard=1, num_shards=3, equalize="pad", start=17, labels=[1, 4])
            lengths = [len(client.epoch("test", seed=seed, epoch=number, **options)) for seed, number in ((0, 0), (5, 1), (5, 9))]
            self.assertEqual(len(asked), 1)
            self.assertEqual(lengths, [plan("test", seed=5, epoch=9, **options)["numBatches"]] * 3)
            self.assertEqual(len(client.epoch("test", **dict(options, labels=[1]))), plan("test", **dict(options, labels=[1]))["numBatches"])
            self.assertEqual(len(asked), 2)
            epoch = client.epoch("test", seed=3, epoch=4, **options)
            self.assertEqual((epoch.plan["seed"], epoch.plan["epoch"]), (3, 4), "the plan itself is the epoch's own")

    def test_a_closed_client_opens_connections_that_the_next_close_closes(self):
        client = Client(base_url())
        client.info()
        client.close()
        client.plan("test")
        connection = client._connection()
        self.assertIsNotNone(connection._sock)
        client.close()
        self.assertIsNone(connection._sock)

    def test_errors_carry_the_problem(self):
        with self.assertRaises(ServerError) as bad:
            self.client.batch(0, batch_size=0)
        self.assertEqual(bad.exception.status, 400)
        self.assertEqual(bad.exception.problem["errors"][0]["parameter"], "batchSize")
        with self.assertRaises(ServerError) as past:
            self.client.batch(235, batch_size=256)
        self.assertEqual(past.exception.status, 404)

    def test_errors_survive_pickling_and_a_message_alone(self):
        with self.assertRaises(ServerError) as bad:
            self.client.batch(0, batch_size=0)
        copy = pickle.loads(pickle.dumps(bad.exception))
        self.assertEqual((copy.status, copy.problem, str(copy)), (400, bad.exception.problem, str(bad.exception)))
        self.assertTrue(str(copy).startswith("HTTP 400: Invalid parameter: batchSize"))
        self.assertEqual(str(ServerError("from a DataLoader worker")), "from a DataLoader worker")

    def test_label_filters_are_sent_as_repeated_parameters(self):
        # A comma would be percent-encoded (label=3%2C5), which the server's fast path does not read.
        query = _query({"labels": [3, 5], "batch_size": 8})
        url = requests.Request("GET", "http://server/batches", params=query).prepare().url
        self.assertEqual(url, "http://server/batches?label=3&label=5&batchSize=8")


if __name__ == "__main__":
    unittest.main()
