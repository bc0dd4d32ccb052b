"""Minimal writer for TensorFlow.js GraphModel (model.json + one weight shard), no TensorFlow needed.

Only ops that tfjs-converter supports are emitted: Placeholder, Const, MatMul, AddV2, Mul, Relu,
LeakyRelu, Tanh, Reshape, Conv2D (NHWC), ResizeNearestNeighbor, Transpose, Sum, Maximum, Rsqrt.
"""
import base64
import json
import os

import numpy as np

DT = {np.dtype("float32"): ("DT_FLOAT", "float32"), np.dtype("int32"): ("DT_INT32", "int32")}


def _b64(s):
    return base64.b64encode(s.encode()).decode()


def _shape(dims):
    return {"dim": [{"size": str(int(d))} for d in dims]}


class Graph:
    def __init__(self):
        self.nodes = []
        self.weights = []  # (name, array)
        self.names = set()
        self.inputs = {}
        self.outputs = {}

    def _name(self, base):
        n, i = base, 1
        while n in self.names:
            n = f"{base}_{i}"
            i += 1
        self.names.add(n)
        return n

    def placeholder(self, name, shape):
        n = self._name(name)
        self.nodes.append({"name": n, "op": "Placeholder",
                           "attr": {"dtype": {"type": "DT_FLOAT"}, "shape": {"shape": _shape(shape)}}})
        self.inputs[name] = {"name": n + ":0", "dtype": "DT_FLOAT", "tensorShape": _shape(shape)}
        return n

    def const(self, name, arr):
        arr = np.ascontiguousarray(arr)
        if arr.dtype == np.float64:
            arr = arr.astype(np.float32)
        if arr.dtype == np.int64:
            arr = arr.astype(np.int32)
        n = self._name(name)
        dt = DT[arr.dtype][0]
        self.nodes.append({"name": n, "op": "Const", "attr": {
            "value": {"tensor": {"dtype": dt, "tensorShape": _shape(arr.shape)}},
            "dtype": {"type": dt}}})
        self.weights.append((n, arr))
        return n

    def op(self, op, name, inputs, attr=None, T=True):
        n = self._name(name)
        a = {"T": {"type": "DT_FLOAT"}} if T else {}
        a.update(attr or {})
        self.nodes.append({"name": n, "op": op, "input": list(inputs), "attr": a})
        return n

    # helpers
    def matmul(self, name, x, w):
        return self.op("MatMul", name, [x, w], {"transpose_a": {"b": False}, "transpose_b": {"b": False}})

    def add(self, name, a, b):
        return self.op("AddV2", name, [a, b])

    def mul(self, name, a, b):
        return self.op("Mul", name, [a, b])

    def relu(self, name, x):
        return self.op("Relu", name, [x])

    def leaky_relu(self, name, x, alpha):
        return self.op("LeakyRelu", name, [x], {"alpha": {"f": float(alpha)}})

    def tanh(self, name, x):
        return self.op("Tanh", name, [x])

    def reshape(self, name, x, shape):
        s = self.const(name + "/shape", np.array(shape, dtype=np.int32))
        return self.op("Reshape", name, [x, s], {"Tshape": {"type": "DT_INT32"}})

    def transpose(self, name, x, perm):
        p = self.const(name + "/perm", np.array(perm, dtype=np.int32))
        return self.op("Transpose", name, [x, p], {"Tperm": {"type": "DT_INT32"}})

    def conv2d(self, name, x, w_hwio, stride=1, padding="SAME"):
        w = self.const(name + "/filter", w_hwio)
        return self.op("Conv2D", name, [x, w], {
            "strides": {"list": {"i": ["1", str(stride), str(stride), "1"]}},
            "padding": {"s": _b64(padding)},
            "data_format": {"s": _b64("NHWC")},
            "dilations": {"list": {"i": ["1", "1", "1", "1"]}},
            "use_cudnn_on_gpu": {"b": True},
            "explicit_paddings": {"list": {}},
        })

    def resize_nearest(self, name, x, size):
        s = self.const(name + "/size", np.array(size, dtype=np.int32))
        return self.op("ResizeNearestNeighbor", name, [x, s],
                       {"align_corners": {"b": False}, "half_pixel_centers": {"b": False}})

    def l2_normalize(self, name, x, eps=1e-12):
        sq = self.mul(name + "/sq", x, x)
        ax = self.const(name + "/axis", np.array([1], dtype=np.int32))
        s = self.op("Sum", name + "/sum", [sq, ax], {"keep_dims": {"b": True}, "Tidx": {"type": "DT_INT32"}})
        e = self.const(name + "/eps", np.array(eps * eps, dtype=np.float32))
        m = self.op("Maximum", name + "/max", [s, e])
        r = self.op("Rsqrt", name + "/rsqrt", [m])
        return self.mul(name, x, r)

    def output(self, key, node, shape):
        self.outputs[key] = {"name": node + ":0", "dtype": "DT_FLOAT", "tensorShape": _shape(shape)}

    def save(self, out_dir, generated_by="pictor export (python)"):
        os.makedirs(out_dir, exist_ok=True)
        blobs, specs = [], []
        for n, a in self.weights:
            blobs.append(a.tobytes())
            specs.append({"name": n, "shape": [int(d) for d in a.shape], "dtype": DT[a.dtype][1]})
        model = {
            "format": "graph-model",
            "generatedBy": generated_by,
            "convertedBy": "pictor export",
            "modelTopology": {"node": self.nodes, "library": {}, "versions": {"producer": 1395}},
            "weightsManifest": [{"paths": ["group1-shard1of1.bin"], "weights": specs}],
            "signature": {"inputs": self.inputs, "outputs": self.outputs},
        }
        with open(os.path.join(out_dir, "group1-shard1of1.bin"), "wb") as f:
            f.write(b"".join(blobs))
        with open(os.path.join(out_dir, "model.json"), "w") as f:
            json.dump(model, f)
