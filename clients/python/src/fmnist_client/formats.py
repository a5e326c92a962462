"""Reading a batch's three arrays out of the bytes the server sends: safetensors, npz or JSON."""

import io
import json
import struct
from typing import Dict, Tuple

import numpy as np

__all__ = ["decode", "decode_safetensors"]

_SAFETENSORS_DTYPES = {"U8": np.dtype(np.uint8), "I64": np.dtype("<i8"), "F32": np.dtype("<f4"),
                       "F64": np.dtype("<f8"), "I32": np.dtype("<i4"), "F16": np.dtype("<f2")}

# The layout of a safetensors header, by its bytes: every full batch of an epoch has the same one.
_LAYOUTS: Dict[bytes, Tuple] = {}


def decode(content, content_type: str = "") -> Dict[str, np.ndarray]:
    """The arrays of an encoded batch (npz, safetensors or json), as a dict of numpy arrays.

    For safetensors the arrays are views of ``content`` (no copy): writable when it is, as a bytearray is.
    """
    media_type = content_type.split(";")[0].strip().lower()
    if media_type == "application/json":
        document = json.loads(bytes(content))
        return {name: np.array(t["data"], dtype=t["dtype"]).reshape(t["shape"]) for name, t in document.items()}
    if bytes(content[:4]) == b"PK\x03\x04":
        with np.load(io.BytesIO(content)) as npz:
            return {name: npz[name] for name in npz.files}
    return decode_safetensors(content)


def decode_safetensors(content) -> Dict[str, np.ndarray]:
    """The tensors of a safetensors file, as numpy arrays that share ``content``'s memory."""
    (header_length,) = struct.unpack_from("<Q", content, 0)
    start = 8 + header_length
    header = bytes(content[8:start])
    layout = _LAYOUTS.get(header)
    if layout is None:
        document = json.loads(header)
        document.pop("__metadata__", None)
        layout = tuple((name, _SAFETENSORS_DTYPES[info["dtype"]], tuple(info["shape"]), info["data_offsets"][0],
                        info["data_offsets"][1]) for name, info in document.items())
        if len(_LAYOUTS) < 64:
            _LAYOUTS[header] = layout
    arrays = {}
    for name, dtype, shape, begin, end in layout:
        arrays[name] = np.frombuffer(content, dtype=dtype, count=(end - begin) // dtype.itemsize,
                                     offset=start + begin).reshape(shape)
    return arrays
