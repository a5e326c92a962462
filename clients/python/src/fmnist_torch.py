"""The PyTorch adapter under its first name: ``from fmnist_torch import ServerBatches`` keeps working.

New code imports it from ``fmnist_client.torch``.
"""

from fmnist_client.torch import ServerBatches

__all__ = ["ServerBatches"]
