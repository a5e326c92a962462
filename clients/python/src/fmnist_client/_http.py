"""A small HTTP/1.1 client for the GETs this package sends, on plain sockets.

Why not ``requests`` or ``http.client``: on a 2-core machine they read a 200 KB batch at a fraction of
the speed the server sends it (``requests`` at 130-150 MB/s; ``http.client`` parses every header
through the ``email`` package). Here a request is one ``sendall``, the header is parsed by hand, and the
body goes straight from the socket into the caller's buffer with ``recv_into``: no copy, no per-chunk
objects. It speaks only what this client needs: GET, keep-alive, ``Content-Length``, chunked and
read-to-close bodies, ``http`` and ``https``.
"""

import socket
import ssl
from typing import Dict, Iterator, Mapping, Optional, Tuple
from urllib.parse import urlsplit

import numpy as np

__all__ = ["Connection", "Response", "IncompleteBody", "ProtocolError", "BodyBuffer"]

_MAX_HEADER = 64 * 1024
_NO_BODY = (204, 304)


class IncompleteBody(ConnectionError):
    """The response ended before its Content-Length: the server or a proxy went away mid-body."""


class ProtocolError(ConnectionError):
    """What came back is not an HTTP/1.x response this client can read (a broken proxy, a wrong port)."""


class _NothingReceived(ConnectionError):
    """A kept-alive connection closed before any byte of the response: the server had closed it while idle."""


class BodyBuffer:
    """A reusable buffer that bodies are read into; grows to the largest body it has held."""

    def __init__(self, capacity: int = 0):
        self._array = np.empty(capacity, np.uint8)

    def view(self, length: int) -> memoryview:
        if length > self._array.size:
            self._array = np.empty(max(length, self._array.size + self._array.size // 2), np.uint8)
        return memoryview(self._array)[:length]


class Response:
    """A status, headers (names in lower case) and, once read, the body."""

    def __init__(self, connection: "Connection", status: int, headers: Dict[str, str], framing: str, length: int):
        self.status = status
        self.headers = headers
        self._connection = connection
        self._framing = framing  # "none", "length", "chunked" or "close"
        self._length = length
        self._done = framing == "none"
        if self._done:
            connection._finished(self)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def read(self, into: Optional[BodyBuffer] = None):
        """The whole body: a view of ``into`` when given (valid until its next use), otherwise a new bytearray."""
        if self._done:
            return memoryview(bytearray())
        if self._framing == "length":
            body = into.view(self._length) if into is not None else memoryview(bytearray(self._length))
            try:
                self._connection._reader.read_exactly(body)
            except BaseException:
                self._connection.close()
                raise
            self._finish()
            return body
        body = bytearray()
        for chunk in self.chunks():
            body += chunk
        return memoryview(body)

    def chunks(self, size: int = 1 << 20) -> Iterator[bytes]:
        """The body in pieces of at most ``size`` bytes, as they arrive. Abandoned or failed, it closes the
        connection (what is left of the body can no longer be told from the next response)."""
        try:
            yield from self._chunks(size)
        finally:
            if not self._done:
                self._connection.close()

    def _chunks(self, size: int) -> Iterator[bytes]:
        reader = self._connection._reader
        if self._framing == "length":
            left = self._length
            while left > 0:
                piece = reader.read_some(min(size, left))
                if not piece:
                    raise IncompleteBody("%d of %d bytes arrived" % (self._length - left, self._length))
                left -= len(piece)
                yield piece
        elif self._framing == "chunked":
            while True:
                line = reader.read_line()
                try:
                    length = int(line.split(b";")[0].strip(), 16)
                except ValueError:
                    raise ProtocolError("bad chunk size line %r" % line[:40]) from None
                if length == 0:
                    while reader.read_line():  # trailers, then the empty line
                        pass
                    break
                left = length
                while left > 0:
                    piece = reader.read_some(min(size, left))
                    if not piece:
                        raise IncompleteBody("the connection closed inside a chunk")
                    left -= len(piece)
                    yield piece
                if reader.read_line():
                    raise ProtocolError("a chunk was not followed by CRLF")
        elif self._framing == "close":
            while True:
                piece = reader.read_some(size)
                if not piece:
                    break
                yield piece
        self._finish()

    def discard(self) -> None:
        for _ in self.chunks():
            pass

    def _finish(self) -> None:
        self._done = True
        self._connection._finished(self)


class _Reader:
    """Buffered reads from a socket, handing large reads straight to ``recv_into``."""

    def __init__(self, sock):
        self._sock = sock
        self._buffer = bytearray(_MAX_HEADER)
        self._view = memoryview(self._buffer)
        self._start = 0
        self._end = 0
        self.received = 0

    def _fill(self) -> int:
        if self._start == self._end:
            self._start = self._end = 0
        elif self._end == len(self._buffer):
            pending = self._end - self._start
            self._buffer[:pending] = self._buffer[self._start:self._end]
            self._start, self._end = 0, pending
        count = self._sock.recv_into(self._view[self._end:])
        self._end += count
        self.received += count
        return count

    def read_head(self) -> bytes:
        """Up to and including the empty line that ends a response's header."""
        while True:
            end = self._buffer.find(b"\r\n\r\n", self._start, self._end)
            if end >= 0:
                head = bytes(self._view[self._start:end + 4])
                self._start = end + 4
                return head
            if self._end - self._start >= _MAX_HEADER:
                raise ProtocolError("response header longer than %d bytes" % _MAX_HEADER)
            if self._fill() == 0:
                if self.received == 0:
                    raise _NothingReceived("the connection closed before the response")
                raise ProtocolError("the connection closed inside the response header")

    def read_line(self) -> bytes:
        while True:
            end = self._buffer.find(b"\r\n", self._start, self._end)
            if end >= 0:
                line = bytes(self._view[self._start:end])
                self._start = end + 2
                return line
            if self._end - self._start >= _MAX_HEADER:
                raise ProtocolError("line longer than %d bytes" % _MAX_HEADER)
            if self._fill() == 0:
                raise IncompleteBody("the connection closed inside the body")

    def read_some(self, limit: int) -> bytes:
        if self._start == self._end and self._fill() == 0:
            return b""
        count = min(limit, self._end - self._start)
        piece = bytes(self._view[self._start:self._start + count])
        self._start += count
        return piece

    def read_exactly(self, target: memoryview) -> None:
        length = len(target)
        pending = min(length, self._end - self._start)
        target[:pending] = self._view[self._start:self._start + pending]
        self._start += pending
        got = pending
        while got < length:
            count = self._sock.recv_into(target[got:], length - got)
            if count == 0:
                raise IncompleteBody("%d of %d bytes arrived" % (got, length))
            got += count
            self.received += count

    def clean(self) -> bool:
        return self._start == self._end


class Connection:
    """One kept-alive connection to one server, used by one thread at a time.

    A request on a connection that had been idle and that the server closed meanwhile is sent once more on
    a new connection, as browsers and urllib3 do for idempotent requests: that is not a failure. Any other
    error closes the connection; the next request opens a new one.
    """

    def __init__(self, base_url: str, timeout: Optional[float] = 60.0):
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("the server URL must be http:// or https:// with a host, not %r" % base_url)
        self.scheme = parts.scheme
        self.host = parts.hostname
        self.port = parts.port or (443 if self.scheme == "https" else 80)
        default_port = self.port == (443 if self.scheme == "https" else 80)
        host = "[%s]" % self.host if ":" in self.host else self.host
        self.host_header = host if default_port else "%s:%d" % (host, self.port)
        self.timeout = timeout
        self._sock = None
        self._reader = None
        self._open_response = None
        self._keep_alive = True
        self._aborted = False

    def _connect(self) -> None:
        sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self.scheme == "https":
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise
        self._sock = sock
        self._reader = _Reader(sock)

    def get(self, target: str, headers: Optional[Mapping[str, str]] = None) -> Response:
        """Sends ``GET target`` and reads the response's status and header; read or discard its body next."""
        if self._open_response is not None:
            raise RuntimeError("the previous response on this connection was not read")
        lines = ["GET %s HTTP/1.1" % target, "Host: %s" % self.host_header, "Accept: */*",
                 "User-Agent: fmnist-client"]
        lines.extend("%s: %s" % item for item in (headers or {}).items())
        request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        reused = self._sock is not None
        self._aborted = False
        try:
            try:
                return self._exchange(request)
            except _NothingReceived:
                self.close()
                if not reused or self._aborted:
                    raise
                return self._exchange(request)
        except BaseException:
            self.close()
            raise

    def _exchange(self, request: bytes) -> Response:
        if self._sock is None:
            self._connect()
        try:
            self._sock.sendall(request)
        except (BrokenPipeError, ConnectionResetError) as error:
            raise _NothingReceived(str(error)) from error
        self._reader.received = 0
        try:
            head = self._reader.read_head()
        except ConnectionResetError as error:
            if self._reader.received == 0:
                raise _NothingReceived(str(error)) from error
            raise
        status, headers = _parse_head(head)
        framing, length = _framing(status, headers)
        self._keep_alive = headers.get("connection", "").lower() != "close" and framing != "close"
        self._open_response = response = Response(self, status, headers, framing, length)
        if response._done:
            self._open_response = None
        return response

    def _finished(self, response: Response) -> None:
        if self._open_response is response:
            self._open_response = None
        if not self._keep_alive or (self._reader is not None and not self._reader.clean()):
            self.close()

    def close(self) -> None:
        sock, self._sock, self._reader, self._open_response = self._sock, None, None, None
        if sock is not None:
            try:
                sock.close()
            except OSError:
                pass

    def abort(self) -> None:
        """Interrupts a read blocked in another thread (it gets an OSError), then closes."""
        self._aborted = True
        sock = self._sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def _parse_head(head: bytes) -> Tuple[int, Dict[str, str]]:
    lines = head[:-4].split(b"\r\n")
    status_line = lines[0].split(b" ", 2)
    if len(status_line) < 2 or not status_line[0].startswith(b"HTTP/1."):
        raise ProtocolError("not an HTTP/1.x response: %r" % lines[0][:60])
    try:
        status = int(status_line[1])
    except ValueError:
        raise ProtocolError("bad status line %r" % lines[0][:60]) from None
    headers: Dict[str, str] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(b":")
        if not colon:
            raise ProtocolError("bad header line %r" % line[:60])
        key = name.strip().lower().decode("latin-1")
        value = value.strip().decode("latin-1")
        headers[key] = headers[key] + ", " + value if key in headers else value
    return status, headers


def _framing(status: int, headers: Dict[str, str]) -> Tuple[str, int]:
    if status in _NO_BODY or 100 <= status < 200:
        return "none", 0
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return "chunked", -1
    if "content-length" in headers:
        try:
            length = int(headers["content-length"].split(",")[0])
        except ValueError:
            raise ProtocolError("bad Content-Length %r" % headers["content-length"]) from None
        return ("length", length) if length > 0 else ("none", 0)
    return "close", -1
