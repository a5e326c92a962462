"""The client's retries, against a scripted stand-in server on loopback: no Fashion-MNIST server needed.

Each test scripts what the stand-in does with each request it receives (cut the body short, drop the
connection, answer 503, or answer properly) and checks what the client made of it.
"""

import http.server
import io
import socket
import threading
import unittest

import numpy as np

from fmnist_client import Client, IncompleteBody, ServerError


def _npz():
    buffer = io.BytesIO()
    np.savez(buffer, images=np.arange(2 * 28 * 28, dtype=np.uint8).reshape(2, 28, 28),
             labels=np.array([3, 7], dtype=np.uint8), indices=np.array([11, 5], dtype=np.int64))
    return buffer.getvalue()


BATCH = _npz()


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        server = self.server
        with server.lock:
            action = server.script[min(len(server.paths), len(server.script) - 1)]
            server.paths.append(self.path)
        if action == "ok":
            self._send(200, "application/zip", BATCH)
        elif action == "cut":  # the instance dies mid-body: a Content-Length it never fulfils
            self._head(200, "application/zip", len(BATCH))
            self.wfile.write(BATCH[:1000])
            self.wfile.flush()
            self._abort()
        elif action == "drop":  # the instance dies before answering
            self._abort()
        elif action == "503":
            self._send(503, "application/problem+json", b'{"status":503,"title":"Service Unavailable"}',
                       {"Retry-After": "0"})
        elif action == "404":
            self._send(404, "application/problem+json", b'{"status":404,"detail":"Batch 9 is past the end"}')

    def _send(self, status, content_type, body, headers=None):
        self._head(status, content_type, len(body), headers)
        self.wfile.write(body)

    def _head(self, status, content_type, length, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(length))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()

    def _abort(self):
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, script):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script = script
        self.paths = []
        self.lock = threading.Lock()


class RetryTest(unittest.TestCase):

    def serve(self, *script):
        """A stand-in that answers its n-th request as script[n] says (the last entry from then on)."""
        server = _Server(script)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        self.addCleanup(thread.join)
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        client = Client("http://127.0.0.1:%d" % server.server_address[1], retries=2, backoff=0.01)
        self.addCleanup(client.close)
        return server, client

    def assert_is_the_batch(self, arrays):
        np.testing.assert_array_equal(arrays["indices"], [11, 5])
        np.testing.assert_array_equal(arrays["labels"], [3, 7])

    def test_a_body_cut_short_is_fetched_again(self):
        server, client = self.serve("cut", "ok")
        self.assert_is_the_batch(client.batch(0, batch_size=2))
        self.assertEqual(len(server.paths), 2)
        self.assertEqual(server.paths[0], server.paths[1])

    def test_a_dropped_connection_is_fetched_again(self):
        server, client = self.serve("drop", "ok")
        self.assert_is_the_batch(client.batch(0, batch_size=2))
        self.assertEqual(len(server.paths), 2)

    def test_a_503_from_a_balancer_is_fetched_again(self):
        server, client = self.serve("503", "503", "ok")
        self.assert_is_the_batch(client.batch(0, batch_size=2))
        self.assertEqual(len(server.paths), 3)

    def test_retries_are_bounded_and_the_last_error_is_raised(self):
        server, client = self.serve("cut")
        with self.assertRaises(IncompleteBody):
            client.batch(0, batch_size=2)
        self.assertEqual(len(server.paths), 3)

        server, client = self.serve("503")
        with self.assertRaises(ServerError) as unavailable:
            client.batch(0, batch_size=2)
        self.assertEqual(unavailable.exception.status, 503)
        self.assertEqual(len(server.paths), 3)

    def test_a_client_error_is_not_retried(self):
        server, client = self.serve("404")
        with self.assertRaises(ServerError) as past:
            client.batch(9, batch_size=2)
        self.assertEqual(past.exception.status, 404)
        self.assertEqual(len(server.paths), 1)

    def test_an_epoch_survives_failures_on_its_way(self):
        server, client = self.serve("ok", "cut", "ok", "drop", "ok")
        batches = [client.batch(index, batch_size=2) for index in range(3)]
        for arrays in batches:
            self.assert_is_the_batch(arrays)
        self.assertEqual(len(server.paths), 5)

    def test_no_retries_when_asked_for_none(self):
        server, _ = self.serve("drop", "ok")
        with Client("http://127.0.0.1:%d" % server.server_address[1], retries=0) as client:
            with self.assertRaises(ConnectionError):
                client.batch(0, batch_size=2)
        self.assertEqual(len(server.paths), 1)


if __name__ == "__main__":
    unittest.main()
