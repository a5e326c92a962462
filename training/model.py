"""Network definition for the Fashion-MNIST baseline classifier.

Importable by other scripts (training, benchmarks), e.g.::

    import torch
    from model import SeparableNet

    net = SeparableNet()
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


def conv_bn(in_channels: int, out_channels: int, kernel_size: int = 3, groups: int = 1) -> list:
    """Convolution without bias (spatial size preserved) + BatchNorm."""
    return [nn.Conv2d(in_channels, out_channels, kernel_size, padding=kernel_size // 2, groups=groups,
                      bias=False),
            nn.BatchNorm2d(out_channels)]


def conv_block(in_channels: int, out_channels: int) -> nn.Sequential:
    """3x3 convolution (no bias) + BatchNorm + ReLU, spatial size preserved."""
    return nn.Sequential(*conv_bn(in_channels, out_channels), nn.ReLU(inplace=True))


class ResidualBlock(nn.Module):
    """ResNet basic block at constant width: relu(x + bn(conv(relu(bn(conv(x)))))).

    The second BatchNorm starts with zero scale, so that every block starts as the identity (the
    usual trick that lets residual networks train fast from the first epoch).
    """

    def __init__(self, channels: int):
        super().__init__()
        self.body = nn.Sequential(*conv_bn(channels, channels), nn.ReLU(inplace=True),
                                  *conv_bn(channels, channels))
        nn.init.zeros_(self.body[-1].weight)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.relu(x + self.body(x))


def classifier_head(channels: int, num_classes: int) -> nn.Sequential:
    """Global average pool and one fully-connected layer to raw logits."""
    return nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(channels, num_classes))


class FeaturesAndHead(nn.Module):
    """A `features` trunk followed by a `classifier` head (the names of the state_dict's keys)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Return raw logits [N, num_classes] for normalised input [N, 1, 28, 28]."""
        return self.classifier(self.features(x))


class BaselineNet(FeaturesAndHead):
    """Small residual CNN, most of its work at 14x14 and 7x7, global-average-pooling head; the
    baseline shipped before SeparableNet (train.py --arch residual).

    Shapes for the default widths (32, 48, 96):
    [N,1,28,28] -> stem conv 32 @28x28, max-pool -> conv 48 + residual block @14x14, max-pool
    -> conv 96 + residual block @7x7 -> global average pool -> FC 96->10 raw logits.
    Every convolution is 3x3 without bias, followed by BatchNorm.
    """

    def __init__(self, num_classes: int = NUM_CLASSES, widths: tuple = (32, 48, 96)):
        super().__init__()
        w1, w2, w3 = widths
        self.features = nn.Sequential(
            conv_block(1, w1),
            nn.MaxPool2d(2),  # 28 -> 14
            conv_block(w1, w2),
            ResidualBlock(w2),
            nn.MaxPool2d(2),  # 14 -> 7
            conv_block(w2, w3),
            ResidualBlock(w3),
        )
        self.classifier = classifier_head(w3, num_classes)


def separable(in_channels: int, out_channels: int, relu: bool = True) -> list:
    """Depthwise-separable convolution: 3x3 depthwise + BatchNorm + ReLU, then 1x1 pointwise +
    BatchNorm (+ ReLU). Nine multiply-adds per input value plus one per pair of channels, against
    nine per pair for a full 3x3 convolution."""
    layers = [*conv_bn(in_channels, in_channels, 3, groups=in_channels), nn.ReLU(inplace=True),
              *conv_bn(in_channels, out_channels, 1)]
    return layers + [nn.ReLU(inplace=True)] if relu else layers


class SeparableResidualBlock(nn.Module):
    """Residual block of two depthwise-separable convolutions at constant width:
    relu(x + separable(relu(separable(x)))), the second without its ReLU; the last BatchNorm starts
    with zero scale, as in ResidualBlock."""

    def __init__(self, channels: int):
        super().__init__()
        self.body = nn.Sequential(*separable(channels, channels), *separable(channels, channels, relu=False))
        nn.init.zeros_(self.body[-1].weight)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.relu(x + self.body(x))


class SeparableNet(FeaturesAndHead):
    """The shipped baseline: BaselineNet's layout with depthwise-separable convolutions after the
    stem, a network that ONNX Runtime runs far faster than PyTorch eager (training/README.md).

    Shapes for the default widths (32, 64, 128) and blocks (2, 3):
    [N,1,28,28] -> stem 3x3 conv 32 @28x28, max-pool -> separable conv 64 + 2 residual blocks
    @14x14, max-pool -> separable conv 128 + 3 residual blocks @7x7 -> global average pool
    -> FC 128->10 raw logits. Every convolution is without bias and followed by BatchNorm.
    """

    def __init__(self, num_classes: int = NUM_CLASSES, widths: tuple = (32, 64, 128),
                 blocks: tuple = (2, 3)):
        super().__init__()
        w1, w2, w3 = widths
        b2, b3 = blocks
        self.features = nn.Sequential(
            conv_block(1, w1),
            nn.MaxPool2d(2),  # 28 -> 14
            *separable(w1, w2),
            *[SeparableResidualBlock(w2) for _ in range(b2)],
            nn.MaxPool2d(2),  # 14 -> 7
            *separable(w2, w3),
            *[SeparableResidualBlock(w3) for _ in range(b3)],
        )
        self.classifier = classifier_head(w3, num_classes)


def network_named_in(descriptor: dict) -> nn.Module:
    """The network class a baseline.json's `architecture` names (train.py --arch), at its default
    widths and blocks, ready for the state_dict of baseline.pt."""
    named_separable = descriptor.get("architecture", "").startswith("SeparableNet")
    return SeparableNet() if named_separable else BaselineNet()


def count_parameters(model: nn.Module) -> int:
    """Number of trainable parameters."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
