"""The PyTorch adapter against a live server; skipped without torch unless FMNIST_REQUIRE_TORCH=1."""

import os
import subprocess
import sys
import unittest

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

    def test_example_trains_from_the_server(self):
        example = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "example_train.py")
        result = subprocess.run([sys.executable, example, "--url", base_url(), "--max-batches", "30"],
                                capture_output=True, text=True, timeout=600)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("test accuracy", result.stdout)


if __name__ == "__main__":
    unittest.main()
