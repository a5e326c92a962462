"""Progress bars: tqdm's when it is installed, otherwise one line on stderr rewritten in place."""

import sys
import time
from typing import Optional

__all__ = ["progress_bar"]


def progress_bar(total: Optional[int], description: str, unit: str = "it", initial: int = 0, bytes_: bool = False):
    """A bar with ``update(n)`` and ``close()``."""
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return _LineProgress(total, description, unit, initial, bytes_)
    if bytes_:
        return tqdm(total=total, initial=initial, desc=description, unit="B", unit_scale=True, unit_divisor=1024)
    return tqdm(total=total, initial=initial, desc=description, unit=unit)


class _LineProgress:
    """What tqdm would show, plainly: done of total, percent and rate, at most five times a second."""

    def __init__(self, total, description, unit, initial, bytes_, stream=None):
        self.total = total
        self.n = initial
        self._description = description
        self._unit = "B" if bytes_ else unit
        self._bytes = bytes_
        self._stream = stream if stream is not None else sys.stderr
        self._start = time.monotonic()
        self._initial = initial
        self._shown = 0.0
        self._show()

    def _amount(self, value) -> str:
        if not self._bytes:
            return "%d" % value
        for unit in ("B", "KiB", "MiB", "GiB"):
            if value < 1024 or unit == "GiB":
                return ("%d %s" % (value, unit)) if unit == "B" else ("%.1f %s" % (value, unit))
            value /= 1024.0
        return str(value)

    def _show(self, final=False) -> None:
        now = time.monotonic()
        if not final and now - self._shown < 0.2:
            return
        self._shown = now
        elapsed = max(now - self._start, 1e-9)
        rate = (self.n - self._initial) / elapsed
        done = self._amount(self.n) + (" of " + self._amount(self.total) if self.total else "")
        percent = " (%3d%%)" % (100 * self.n // self.total) if self.total else ""
        speed = (self._amount(rate) + "/s") if self._bytes else ("%.0f %s/s" % (rate, self._unit))
        self._stream.write("\r%s: %s%s, %s" % (self._description, done, percent, speed))
        if final:
            self._stream.write("\n")
        self._stream.flush()

    def update(self, count: int = 1) -> None:
        self.n += count
        self._show()

    def close(self) -> None:
        self._show(final=True)
