"""A restart of the server mid-epoch: every connection dropped, new ones refused for a while, then served again.

A relay in front of the live server plays the restart (the real one, of the packaged jar, is ClientRestartIT's);
the client's retries must carry the epoch through it with no sample lost or repeated.
"""

import socket
import threading
import unittest
from urllib.parse import urlsplit

import numpy as np

from fmnist_client import Client, epoch_order
from tests.support import base_url, split_arrays


class _Relay:
    """Relays TCP connections on a port of its own to the server; ``restart()`` drops them all and refuses new
    ones until ``resume()``."""

    def __init__(self, target):
        self._target = target
        self._lock = threading.Lock()
        self._connections = []
        self._listener = None
        self.port = 0
        self.resume()

    def resume(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def restart(self):
        """Like a process that dies: the port closes and every open connection is reset."""
        self._listener.close()
        with self._lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            connection.close()

    def close(self):
        self.restart()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self._target)
            with self._lock:
                self._connections += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while True:
                data = source.recv(1 << 16)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class RestartTest(unittest.TestCase):

    def test_an_epoch_survives_a_restart_with_no_sample_lost_or_repeated(self):
        url = urlsplit(base_url())
        relay = _Relay((url.hostname, url.port))
        self.addCleanup(relay.close)
        images, labels = split_arrays("test")
        received = []
        with Client("http://127.0.0.1:%d" % relay.port, retries=200, backoff=0.01, max_backoff=0.05) as client:
            epoch = client.epoch("test", batch_size=100, seed=13, epoch=2, dtype="uint8", normalize="none",
                                 layout="nhw", with_indices=True, fetch_size=100, inflight=2, prefetch=2)
            for number, batch in enumerate(epoch):
                received.append(batch)
                if number == 20:
                    relay.restart()
                    restarted = threading.Timer(0.5, relay.resume)
                    restarted.start()
                    self.addCleanup(restarted.cancel)
        indices = [int(index) for _, _, batch_indices in received for index in batch_indices]
        self.assertEqual(indices, epoch_order(range(10000), 13, 2))
        for batch_images, batch_labels, batch_indices in received:
            np.testing.assert_array_equal(batch_images, images[batch_indices])
            np.testing.assert_array_equal(batch_labels, labels[batch_indices])


if __name__ == "__main__":
    unittest.main()
