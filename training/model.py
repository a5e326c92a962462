"""Network definition for the Fashion-MNIST baseline classifier.

Importable by other scripts (training, benchmarks), e.g.::

    import torch
    from model import BaselineNet

    net = BaselineNet()
    net.load_state_dict(torch.load("models/baseline.pt", map_location="cpu"))
    net.eval()
    logits = net(x)  # x: float32 [N, 1, 28, 28], normalised as (pixel/255 - mean)/std
"""

import torch
from torch import nn

NUM_CLASSES = 10

CLASS_NAMES = [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
]


def conv_block(in_channels: int, out_channels: int) -> nn.Sequential:
    """3x3 convolution (no bias) + BatchNorm + ReLU, spatial size preserved."""
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1, bias=False),
        nn.BatchNorm2d(out_channels),
        nn.ReLU(inplace=True),
    )


class BaselineNet(nn.Module):
    """Small CNN: three conv stages (32-64-128 channels) with max-pooling, then a small MLP head.

    Each stage is 3x3 conv + BatchNorm + ReLU + 2x2 max-pool; the head is dropout, FC 1152->128,
    ReLU, dropout, FC 128->10.  Shapes: [N,1,28,28] -> 32x14x14 -> 64x7x7 -> 128x3x3 -> 10 logits.
    """

    def __init__(self, num_classes: int = NUM_CLASSES, dropout: float = 0.3):
        super().__init__()
        self.features = nn.Sequential(
            conv_block(1, 32),
            nn.MaxPool2d(2),  # 28 -> 14
            conv_block(32, 64),
            nn.MaxPool2d(2),  # 14 -> 7
            conv_block(64, 128),
            nn.MaxPool2d(2),  # 7 -> 3
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Dropout(dropout),
            nn.Linear(128 * 3 * 3, 128),
            nn.ReLU(inplace=True),
            nn.Dropout(dropout),
            nn.Linear(128, num_classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Return raw logits [N, num_classes] for normalised input [N, 1, 28, 28]."""
        return self.classifier(self.features(x))


def count_parameters(model: nn.Module) -> int:
    """Number of trainable parameters."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
