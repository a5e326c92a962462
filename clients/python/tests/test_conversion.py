"""The client's own conversion of uint8 pixels is bit for bit the server's, for every dtype, normalize and layout."""

import itertools
import unittest

import numpy as np

from fmnist_client import Client, Conversion
from tests.support import base_url, pixel_stats


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
