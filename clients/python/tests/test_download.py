"""Downloads of whole splits: checked against the published SHA-256, resumed with Range after an interruption."""

import hashlib
import http.server
import io
import json
import os
import socket
import tempfile
import threading
import unittest

import numpy as np

from fmnist_client import ChecksumError, Client
from tests.support import base_url, split_arrays


class LiveDownloadTest(unittest.TestCase):

    def test_a_split_downloads_to_the_servers_arrays_and_is_not_fetched_twice(self):
        with tempfile.TemporaryDirectory() as directory, Client(base_url()) as client:
            paths = client.download("test", directory, progress=False)
            images, labels = split_arrays("test")
            np.testing.assert_array_equal(np.load(paths["images"]), images)
            np.testing.assert_array_equal(np.load(paths["labels"]), labels)
            self.assertEqual(sorted(os.listdir(directory)), ["fashion-mnist-test-images.npy", "fashion-mnist-test-labels.npy"])
            modified = os.stat(paths["images"]).st_mtime_ns
            self.assertEqual(client.download("t10k", directory, progress=False), paths)
            self.assertEqual(os.stat(paths["images"]).st_mtime_ns, modified)

    def test_a_partial_download_is_completed_with_a_range_request(self):
        with tempfile.TemporaryDirectory() as directory, Client(base_url()) as client:
            whole = client.download("test", os.path.join(directory, "whole"), progress=False)["images"]
            target = os.path.join(directory, "resumed")
            os.makedirs(target)
            with open(whole, "rb") as complete, open(os.path.join(target, "fashion-mnist-test-images.npy.part"), "wb") as part:
                part.write(complete.read(3_000_001))
            resumed = client.download("test", target, progress=False)["images"]
            with open(whole, "rb") as a, open(resumed, "rb") as b:
                self.assertEqual(a.read(), b.read())


class _Handler(http.server.BaseHTTPRequestHandler):
    """A stand-in for the server: the dataset document, and images.npy cut short on its first request."""
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        server = self.server
        with server.lock:
            server.requests.append((self.path, self.headers.get("Range")))
            first_file_request = sum(1 for path, _ in server.requests if path.endswith(".npy")) == 1
        if self.path.endswith("/fashion-mnist"):
            self._send(200, json.dumps(server.document).encode(), "application/json")
            return
        body = server.files[self.path.rsplit("/", 1)[1]]
        start = 0
        if self.headers.get("Range"):
            start = int(self.headers["Range"].split("=")[1].rstrip("-"))
            self.send_response(206)
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(body) - 1, len(body)))
        else:
            self.send_response(200)
        self.send_header("Content-Type", "application/x-npy")
        self.send_header("Content-Length", str(len(body) - start))
        self.end_headers()
        if first_file_request and server.cut:
            self.wfile.write(body[start:start + len(body) // 3])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.wfile.write(body[start:])

    def _send(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class StandInDownloadTest(unittest.TestCase):

    def serve(self, cut=True, published=None):
        images = io.BytesIO()
        np.save(images, np.arange(5 * 28 * 28, dtype=np.uint32).astype(np.uint8).reshape(5, 28, 28))
        labels = io.BytesIO()
        np.save(labels, np.array([1, 2, 3, 4, 5], np.uint8))
        files = {"images.npy": images.getvalue(), "labels.npy": labels.getvalue()}
        arrays = [{"name": name, "size": len(body), "sha256": (published or {}).get(name, hashlib.sha256(body).hexdigest())}
                  for name, body in files.items()]
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        server.lock = threading.Lock()
        server.requests = []
        server.cut = cut
        server.files = files
        server.document = {"id": "fashion-mnist", "splits": {"test": {"size": 5, "arrays": arrays}}}
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        self.addCleanup(thread.join)
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        return server, files

    def test_an_interrupted_download_resumes_where_it_stopped(self):
        server, files = self.serve(cut=True)
        with tempfile.TemporaryDirectory() as directory:
            with Client("http://127.0.0.1:%d" % server.server_address[1], backoff=0.01) as client:
                paths = client.download("test", directory, progress=False)
            with open(paths["images"], "rb") as downloaded:
                self.assertEqual(downloaded.read(), files["images.npy"])
        ranges = [(path.rsplit("/", 1)[1], header) for path, header in server.requests if path.endswith("images.npy")]
        self.assertEqual(ranges, [("images.npy", None), ("images.npy", "bytes=%d-" % (len(files["images.npy"]) // 3))])

    def test_a_download_that_does_not_match_the_published_checksum_is_refused(self):
        server, files = self.serve(cut=False, published={"labels.npy": "0" * 64})
        with tempfile.TemporaryDirectory() as directory:
            with Client("http://127.0.0.1:%d" % server.server_address[1], backoff=0.01) as client:
                with self.assertRaisesRegex(ChecksumError, "labels.npy"):
                    client.download("test", directory, progress=False)
            self.assertEqual(sorted(os.listdir(directory)), ["fashion-mnist-test-images.npy"])


if __name__ == "__main__":
    unittest.main()
