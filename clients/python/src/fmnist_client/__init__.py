"""A client for the Fashion-MNIST server's training path.

Iterate an epoch of ``(images, labels)`` batches while the next batches download on background connections::

    from fmnist_client import Client

    with Client("http://localhost:8080") as client:
        for images, labels in client.epoch("train", batch_size=256, shuffle=True, seed=0, epoch=3):
            ...  # images: float32 [n, 1, 28, 28], standardised; labels: uint8 [n]

The client asks for uint8 pixels and converts them itself, bit for bit as the server would. An epoch's
``state_dict()`` records how far the caller got, and ``load_state_dict()`` resumes there, with any number of
shards. ``fmnist_client.torch.ServerBatches`` is the PyTorch ``IterableDataset`` (``pip install
'fmnist-client[torch]'``). ``epoch_order`` and ``shard_positions`` reproduce the server's shuffle and sharding
exactly, without the server.
"""

from ._http import IncompleteBody, ProtocolError
from .client import DEFAULT_URL, Client, ServerError, _query
from .convert import Conversion
from .download import ChecksumError
from .epoch import Epoch, EpochIterator, IncompatibleState
from .formats import decode, decode_safetensors
from .shuffle import epoch_order, mix64, shard_for, shard_positions

__version__ = "1.0.0"

__all__ = ["Client", "Epoch", "EpochIterator", "ServerError", "IncompleteBody", "ProtocolError", "IncompatibleState",
           "ChecksumError", "Conversion", "decode", "decode_safetensors", "epoch_order", "shard_positions", "shard_for",
           "mix64", "DEFAULT_URL", "__version__"]
