"""The Open Inference Protocol (KServe V2) as a hand-written numpy client speaks it, checked against v1."""

import json
import unittest

import numpy as np
import requests

from tests.support import base_url, split_arrays


class InferenceProtocolTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.url = base_url()
        cls.images = split_arrays("test")[0][100:116]  # uint8 (16, 28, 28)
        response = requests.post(cls.url + "/api/v1/models/baseline/predictions",
                                 json={"instances": cls.images.reshape(16, 784).tolist()}, timeout=60)
        response.raise_for_status()
        cls.expected = np.array([p["probabilities"] for p in response.json()["predictions"]], np.float32)

    def infer(self, body, headers=None):
        response = requests.post(self.url + "/v2/models/baseline/infer", data=body, headers=headers or {}, timeout=60)
        self.assertEqual(response.status_code, 200, response.text[:300])
        return response

    def test_metadata_names_the_tensors_a_client_needs(self):
        metadata = requests.get(self.url + "/v2/models/baseline", timeout=30).json()
        self.assertEqual([(t["name"], t["datatype"], t["shape"]) for t in metadata["inputs"]],
                         [("input", "UINT8", [-1, 1, 28, 28])])
        self.assertEqual([(t["name"], t["datatype"], t["shape"]) for t in metadata["outputs"]],
                         [("probabilities", "FP32", [-1, 10])])

    def test_json_fp32_tensor_gives_the_v1_probabilities(self):
        x = self.images.astype(np.float32).reshape(16, 1, 28, 28)
        request = {"id": "py", "inputs": [{"name": "input", "shape": list(x.shape), "datatype": "FP32",
                                           "data": x.tolist()}]}
        answer = self.infer(json.dumps(request), {"Content-Type": "application/json"}).json()
        self.assertEqual(answer["id"], "py")
        output = answer["outputs"][0]
        self.assertEqual(output["shape"], [16, 10])
        np.testing.assert_allclose(np.array(output["data"], np.float32).reshape(16, 10), self.expected, atol=1e-6)

    def test_binary_tensors_both_ways_as_tritonclient_sends_them(self):
        x = np.ascontiguousarray(self.images.reshape(16, 1, 28, 28))
        header = json.dumps({"inputs": [{"name": "input", "shape": list(x.shape), "datatype": "UINT8",
                                         "parameters": {"binary_data_size": x.nbytes}}],
                             "parameters": {"binary_data_output": True}})
        response = self.infer(header.encode() + x.tobytes(), {"Inference-Header-Content-Length": str(len(header))})
        self.assertEqual(response.headers["Content-Type"], "application/octet-stream")
        length = int(response.headers["Inference-Header-Content-Length"])
        output = json.loads(response.content[:length])["outputs"][0]
        self.assertEqual(output["parameters"]["binary_data_size"], 16 * 10 * 4)
        probabilities = np.frombuffer(response.content[length:], "<f4").reshape(output["shape"])
        np.testing.assert_allclose(probabilities, self.expected, atol=1e-6)
        np.testing.assert_array_equal(probabilities.argmax(1), self.expected.argmax(1))

    def test_errors_are_the_protocols_error_object(self):
        response = requests.post(self.url + "/v2/models/baseline/infer", timeout=30, data=json.dumps(
            {"inputs": [{"name": "input", "shape": [1, 784], "datatype": "FP32", "data": [float("nan")] * 784}]}))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(list(response.json()), ["error"])
        self.assertIn("NaN", response.json()["error"])


if __name__ == "__main__":
    unittest.main()
