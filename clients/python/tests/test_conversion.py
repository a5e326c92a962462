"""The client's own conversion of uint8 pixels is bit for bit the server's, for every dtype, normalize and layout."""

import itertools
import platform
import unittest

import numpy as np

from fmnist_client import Client, Conversion
from tests.support import base_url, pixel_stats, split_arrays


class ConversionTest(unittest.TestCase):

    def test_options_are_checked_as_the_server_checks_them(self):
        with self.assertRaisesRegex(ValueError, "normalize must be none for uint8"):
            Conversion("uint8", "standard", "nchw", 0.5, 0.5)
        for bad in (dict(dtype="float16"), dict(normalize="zscore"), dict(layout="chw")):
            with self.subTest(**bad), self.assertRaises(ValueError):
                Conversion(**dict(dict(dtype="float32", normalize="unit", layout="nhw"), **bad))
        self.assertEqual(Conversion("FLOAT32", "Unit", "NCHW").layout, "nchw")

    def test_the_table_is_the_formula_in_double_precision_rounded_once(self):
        mean, std = 0.28604059698879547, 0.3530242445149227
        v = np.arange(256, dtype=np.float64)
        np.testing.assert_array_equal(Conversion("float32", "standard", "nhw", mean, std).table,
                                      ((v / 255.0 - mean) / std).astype(np.float32))
        np.testing.assert_array_equal(Conversion("float32", "unit", "nhw").table, (v / 255.0).astype(np.float32))
        self.assertIsNone(Conversion("uint8", "none", "nhw").table)

    def test_pairs_of_pixels_convert_as_single_pixels_do(self):
        conversion = Conversion("float32", "standard", "nhw", 0.28604059698879547, 0.3530242445149227)
        pixels = np.random.default_rng(3).integers(0, 256, size=(300, 28, 28), dtype=np.uint8)
        expected = conversion.table[pixels]
        np.testing.assert_array_equal(conversion.apply(pixels).view(np.uint32), expected.view(np.uint32))
        # Where pairs cannot be read (an odd address, an odd count), pixels are looked up one by one.
        unaligned = np.frombuffer(b"\0" + pixels.tobytes(), np.uint8, offset=1).reshape(300, 28, 28)
        self.assertEqual(unaligned.ctypes.data % 2, 1)
        np.testing.assert_array_equal(conversion.apply(unaligned).view(np.uint32), expected.view(np.uint32))
        odd = np.arange(5 * 3 * 3, dtype=np.uint8).reshape(5, 3, 3)
        np.testing.assert_array_equal(conversion.apply(odd), conversion.table[odd])

    def test_a_converted_batch_is_a_new_array_in_the_asked_shape(self):
        pixels = np.arange(2 * 28 * 28, dtype=np.uint32).astype(np.uint8).reshape(2, 28, 28)
        for layout, shape in {"nhw": (2, 28, 28), "nchw": (2, 1, 28, 28), "nhwc": (2, 28, 28, 1), "flat": (2, 784)}.items():
            converted = Conversion("uint8", "none", layout).apply(pixels)
            self.assertEqual(converted.shape, shape)
            self.assertFalse(np.shares_memory(converted, pixels))
            np.testing.assert_array_equal(converted.reshape(2, 28, 28), pixels)


class OutputsTest(unittest.TestCase):
    """The arrays batches are converted into are used again only once nothing refers to them."""

    @unittest.skipUnless(platform.python_implementation() == "CPython", "reuse needs CPython's reference counts")
    def test_an_array_is_reused_only_when_no_one_holds_it_or_a_view_of_it(self):
        from fmnist_client.epoch import _Outputs
        outputs = _Outputs(keep=2)
        first = outputs.array((4, 1, 28, 28), "float32")
        address = first.ctypes.data
        del first
        second = outputs.array((4, 1, 28, 28), "float32")
        self.assertEqual(second.ctypes.data, address, "an array no one holds is reused")
        self.assertNotEqual(outputs.array((4, 1, 28, 28), "float32").ctypes.data, address, "an array held is not")
        view = second[2:]
        del second
        self.assertNotEqual(outputs.array((4, 1, 28, 28), "float32").ctypes.data, address, "nor one a view holds")
        del view
        shorter = outputs.array((3, 784), "float32")
        self.assertEqual((shorter.ctypes.data, shorter.shape), (address, (3, 784)), "a shorter batch fits in it")
        self.assertEqual(outputs.array((2, 28, 28), "uint8").dtype, np.uint8)

    def test_past_its_limit_the_pool_makes_new_arrays(self):
        from fmnist_client.epoch import _Outputs
        outputs = _Outputs(keep=1)
        held = [outputs.array((2, 784), "float32") for _ in range(3)]
        self.assertEqual(len({array.ctypes.data for array in held}), 3)


class ServerEquivalenceTest(unittest.TestCase):
    """Every combination, compared with what the server itself sends for the same parameters."""

    @classmethod
    def setUpClass(cls):
        cls.client = Client(base_url())

    @classmethod
    def tearDownClass(cls):
        cls.client.close()

    def test_every_combination_equals_the_servers_own_output_bit_for_bit(self):
        params = dict(batch_size=2000, shuffle=True, seed=4, epoch=1)
        pixels = self.client.batch(1, "train", dtype="uint8", format="safetensors", **params)["images"]
        self.assertEqual(len(np.unique(pixels)), 256, "the batch holds every pixel value")
        combinations = [("uint8", "none")] + list(itertools.product(["float32"], ["none", "unit", "standard"]))
        for (dtype, normalize), layout in itertools.product(combinations, ["nhw", "nchw", "nhwc", "flat"]):
            with self.subTest(dtype=dtype, normalize=normalize, layout=layout):
                server = self.client.batch(1, "train", dtype=dtype, normalize=normalize, layout=layout, format="safetensors",
                                           **params)["images"]
                epoch = self.client.epoch("train", dtype=dtype, normalize=normalize, layout=layout, fetch_size=2000, **params)
                self.assertEqual(epoch.convert, "client")
                ours = self.second_batch(epoch)
                self.assertEqual((ours.dtype, ours.shape), (server.dtype, server.shape))
                self.assertEqual(ours.tobytes(), server.tobytes())

    @staticmethod
    def second_batch(epoch):
        iterator = iter(epoch)
        next(iterator)
        images = next(iterator)[0]
        iterator.close()
        return images

    def test_batches_the_caller_keeps_are_never_written_over(self):
        images = split_arrays("test")[0]
        conversion = Conversion("float32", "standard", "nchw", *pixel_stats())
        for fetch_size in (250, 1000):
            with self.subTest(fetch_size=fetch_size):
                kept = list(self.client.epoch("test", batch_size=250, seed=3, with_indices=True, fetch_size=fetch_size,
                                              output="numpy"))
                self.assertEqual(len(kept), 40)
                for batch_images, _, indices in kept:
                    self.assertEqual(batch_images.tobytes(), conversion.table[images[indices]].tobytes())

    def test_every_wire_format_gives_the_same_conversion(self):
        params = dict(batch_size=300, shuffle=True, seed=2, dtype="float32", normalize="standard", layout="nhwc")
        expected = self.second_batch(self.client.epoch("test", **params))
        for format in ("npz", "json"):
            with self.subTest(format=format):
                self.assertEqual(self.second_batch(self.client.epoch("test", format=format, **params)).tobytes(),
                                 expected.tobytes())

    def test_the_statistics_are_the_dataset_documents(self):
        self.assertEqual(self.client.pixel_stats(), pixel_stats())

    def test_the_server_still_converts_when_asked(self):
        a = next(iter(self.client.epoch("test", batch_size=64, convert="server")))[0]
        b = next(iter(self.client.epoch("test", batch_size=64)))[0]
        self.assertEqual((a.dtype, a.shape), (np.float32, (64, 1, 28, 28)))
        self.assertEqual(a.tobytes(), b.tobytes())
        self.assertTrue(a.flags.writeable and b.flags.writeable)


if __name__ == "__main__":
    unittest.main()
