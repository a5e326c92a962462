"""The server's image conversions (dtype, normalize, layout), done by the client on uint8 pixels.

A float32 batch is four times the bytes of a uint8 one, and reading bytes is what costs a Python client
most; so by default the client asks for uint8 and converts here. The result is bit for bit what the
server sends for the same parameters: each formula is evaluated in double precision and rounded to float32
once (as the server's ``Normalization`` does), for the 256 possible pixel values, and every pixel is then
looked up in that table.
"""

import sys
from typing import Optional, Tuple

import numpy as np

__all__ = ["Conversion", "DTYPES", "NORMALIZATIONS", "LAYOUTS"]

DTYPES = ("uint8", "float32")
NORMALIZATIONS = ("none", "unit", "standard")
LAYOUTS = ("nhw", "nchw", "nhwc", "flat")

_LITTLE_ENDIAN = sys.byteorder == "little"


def _option(name: str, value: str, allowed: Tuple[str, ...]) -> str:
    option = str(value).strip().lower()
    if option not in allowed:
        raise ValueError("%s must be one of %s, not %r" % (name, ", ".join(allowed), value))
    return option


class Conversion:
    """What becomes of a batch's uint8 images [n, side, side]: their element type, normalisation and shape.

    ``mean`` and ``std`` are the train split's pixel statistics (``pixelStats`` of the dataset document),
    needed only for ``normalize="standard"``.
    """

    def __init__(self, dtype: str = "float32", normalize: str = "standard", layout: str = "nchw",
                 mean: Optional[float] = None, std: Optional[float] = None):
        self.dtype = _option("dtype", dtype, DTYPES)
        self.normalize = _option("normalize", normalize, NORMALIZATIONS)
        self.layout = _option("layout", layout, LAYOUTS)
        if self.dtype == "uint8" and self.normalize != "none":
            raise ValueError("normalize must be none for uint8 images (unit and standard need dtype=float32), not %r"
                             % normalize)
        if self.normalize == "standard" and (mean is None or std is None):
            raise ValueError("normalize='standard' needs the train split's pixel mean and std")
        self.mean = mean
        self.std = std
        self._table = self._make_table() if self.dtype == "float32" else None
        self._pairs: Optional[np.ndarray] = None

    def _make_table(self) -> np.ndarray:
        # Python floats are IEEE doubles: the same operations, in the same order, as the server's Java.
        if self.normalize == "none":
            values = [float(v) for v in range(256)]
        elif self.normalize == "unit":
            values = [v / 255.0 for v in range(256)]
        else:
            values = [(v / 255.0 - self.mean) / self.std for v in range(256)]
        return np.array(values, dtype=np.float64).astype(np.float32)

    def _pair_table(self) -> np.ndarray:
        """The floats of each pair of neighbouring pixels, as one uint64 per uint16 pair (little-endian): half as
        many look-ups as pixels, about a fifth less time than the 256-entry table. 512 KiB, made when first used."""
        if self._pairs is None:
            pairs = np.empty(2 * 65536, np.float32)
            pairs[0::2] = np.tile(self._table, 256)  # the first pixel of a pair is the low byte of its uint16
            pairs[1::2] = np.repeat(self._table, 256)
            self._pairs = pairs.view(np.uint64)
        return self._pairs

    @property
    def table(self) -> Optional[np.ndarray]:
        """The float32 value of each pixel value 0..255, or None for uint8."""
        return self._table

    def shape(self, count: int, side: int = 28) -> Tuple[int, ...]:
        return {"nhw": (count, side, side), "nchw": (count, 1, side, side), "nhwc": (count, side, side, 1),
                "flat": (count, side * side)}[self.layout]

    def apply(self, images: np.ndarray, out: Optional[np.ndarray] = None) -> np.ndarray:
        """``images`` (uint8, [n, side, side] or any shape with n first) converted, into ``out`` when given (a
        C-contiguous array of the result's dtype and shape, see :meth:`shape`), otherwise into a new array. The
        input is only read, so it may be a view of a buffer that is reused afterwards."""
        count = images.shape[0]
        side = int(round((images.size // count) ** 0.5)) if count else 28
        pixels = images.reshape(self.shape(count, side))
        if out is None:
            out = np.empty(pixels.shape, np.float32 if self._table is not None else np.uint8)
        elif out.shape != pixels.shape or out.dtype != (np.float32 if self._table is not None else np.uint8) \
                or not out.flags.c_contiguous:
            raise ValueError("out must be a C-contiguous %s array of shape %s, not %s %s"
                             % (self.dtype, pixels.shape, out.dtype, out.shape))
        if self._table is None:
            np.copyto(out, pixels)
            return out
        # "wrap" never wraps (every index is within the table) and, unlike the default, neither checks bounds nor
        # buffers the output.
        if _LITTLE_ENDIAN and pixels.flags.c_contiguous and pixels.size % 2 == 0 and pixels.ctypes.data % 2 == 0 \
                and out.ctypes.data % 8 == 0:
            np.take(self._pair_table(), pixels.reshape(-1).view(np.uint16), out=out.reshape(-1).view(np.uint64),
                    mode="wrap")
        else:
            np.take(self._table, pixels, out=out, mode="wrap")
        return out

    def __repr__(self) -> str:
        return "Conversion(dtype=%r, normalize=%r, layout=%r)" % (self.dtype, self.normalize, self.layout)
