"""The suite tests the package as pip installed it, not the sources beside it (when the build asks for that)."""

import os
import unittest
from importlib import metadata

import fmnist_client


class InstalledPackageTest(unittest.TestCase):

    @unittest.skipUnless(os.environ.get("FMNIST_EXPECT_INSTALLED") == "1", "FMNIST_EXPECT_INSTALLED is not 1")
    def test_the_client_under_test_is_the_installed_copy(self):
        self.assertIn("site-packages", fmnist_client.__file__)
        self.assertEqual(metadata.version("fmnist-client"), fmnist_client.__version__)
        import fmnist_torch  # noqa: F401  (the old module name is installed too)
        # The marker that tells type checkers to read the package's type hints.
        self.assertTrue(os.path.isfile(os.path.join(os.path.dirname(fmnist_client.__file__), "py.typed")))

    def test_the_public_api_is_what_the_docs_name(self):
        for name in ("Client", "Epoch", "EpochIterator", "ServerError", "IncompleteBody", "IncompatibleState",
                     "ChecksumError", "Conversion", "decode", "epoch_order", "shard_positions", "shard_for"):
            self.assertTrue(hasattr(fmnist_client, name), name)
            self.assertTrue(getattr(fmnist_client, name).__doc__, name + " has a docstring")


if __name__ == "__main__":
    unittest.main()
