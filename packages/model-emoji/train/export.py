"""Export the latest GAN checkpoint (EMA generator) and the dual encoder to ONNX + TF.js GraphModel.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 packages/model-emoji/train/export.py [--data DIR]

Single-threaded, safe to run while training continues. Writes a complete new weights/ directory
into weights.tmp-<pid>/ and swaps it in with renames, so weights/ is always one consistent export.
"""
import argparse
import json
import os
import shutil
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import (HERE, PKG, ZDIM, BagSampler, ClipImage, ClipText, Generator,  # noqa: E402
                    build_dataset, default_data_dir, prompt_vector)
from tfjs_graph import Graph  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

CKPT_DIR = os.path.join(HERE, "checkpoints")
OPSET = 13


def np32(t):
    return t.detach().cpu().numpy().astype(np.float32)


# ---------------------------------------------------------------------------
# Fold the generator (BN running stats -> per-channel scale/shift folded into the preceding layer)
# ---------------------------------------------------------------------------
def fold_generator(G):
    G = G.eval()
    P = {}
    ch = G.ch
    tdim = G.tproj.out_features

    def split(lin, bias_add=None):
        W = np32(lin.weight).T  # [cdim, out]
        b = np32(lin.bias)
        return W[:tdim], W[tdim:], b

    def bn_scale(bn):
        s = 1.0 / np.sqrt(np32(bn.running_var) + bn.eps)
        return s.astype(np.float32), np32(bn.running_mean)

    P["emb"] = np32(G.emb)
    P["tproj_w"] = np32(G.tproj.weight).T
    P["tproj_b"] = np32(G.tproj.bias)
    # fc + bn0 (channel c of the view(-1,C,4,4) is column block c*16 .. c*16+15)
    Wt, Wz, b = split(G.fc)
    s, mu = bn_scale(G.cbn0.bn)
    cidx = np.arange(ch[0] * 16) // 16
    P["fc_wt"] = Wt * s[cidx]
    P["fc_wz"] = Wz * s[cidx]
    P["fc_b"] = (b - mu[cidx]) * s[cidx]
    cbns = [G.cbn0] + list(G.cbns)
    for i, cbn in enumerate(cbns):
        Wt, Wz, b = split(cbn.lin)
        C = Wt.shape[1] // 2
        P[f"g{i}_wt"], P[f"g{i}_wz"], P[f"g{i}_b"] = Wt[:, :C], Wz[:, :C], b[:C] + 1.0
        P[f"b{i}_wt"], P[f"b{i}_wz"], P[f"b{i}_b"] = Wt[:, C:], Wz[:, C:], b[C:]
    for i, conv in enumerate(G.convs):
        s, mu = bn_scale(G.cbns[i].bn)
        P[f"conv{i}_w"] = np32(conv.weight) * s[:, None, None, None]  # OIHW
        P[f"conv{i}_b"] = (np32(conv.bias) - mu) * s
    P["out_w"] = np32(G.out.weight)
    P["out_b"] = np32(G.out.bias)
    P["ch"] = ch
    return P


class GenInfer(nn.Module):
    """Folded generator in plain ops, NCHW (for ONNX)."""

    def __init__(self, P):
        super().__init__()
        self.ch = P["ch"]
        for k, v in P.items():
            if k != "ch":
                self.register_buffer(k, torch.from_numpy(np.ascontiguousarray(v)))

    def lin(self, t, z, pre):
        return t @ getattr(self, pre + "_wt") + z @ getattr(self, pre + "_wz") + getattr(self, pre + "_b")

    def forward(self, words, z):
        t = F.leaky_relu((words @ self.emb) @ self.tproj_w + self.tproj_b, 0.2)
        h = self.lin(t, z, "fc").reshape(-1, self.ch[0], 4, 4)
        h = F.relu(h * self.lin(t, z, "g0").reshape(-1, self.ch[0], 1, 1) + self.lin(t, z, "b0").reshape(-1, self.ch[0], 1, 1))
        for i in range(3):
            C = self.ch[i + 1]
            h = F.interpolate(h, scale_factor=2.0, mode="nearest")
            h = F.conv2d(h, getattr(self, f"conv{i}_w"), getattr(self, f"conv{i}_b"), padding=1)
            h = F.relu(h * self.lin(t, z, f"g{i + 1}").reshape(-1, C, 1, 1) + self.lin(t, z, f"b{i + 1}").reshape(-1, C, 1, 1))
        return torch.tanh(F.conv2d(h, self.out_w, self.out_b, padding=1))


def gen_tfjs(P, V):
    g = Graph()
    ch = P["ch"]
    words = g.placeholder("words", [-1, V])
    z = g.placeholder("z", [-1, ZDIM])
    e = g.matmul("text/emb", words, g.const("text/emb_w", P["emb"]))
    t = g.add("text/proj", g.matmul("text/proj_mm", e, g.const("text/proj_w", P["tproj_w"])),
              g.const("text/proj_b", P["tproj_b"]))
    t = g.leaky_relu("text/act", t, 0.2)

    def lin(pre, wt, wz, b, perm=None):
        wt, wz, b = P[wt], P[wz], P[b]
        if perm is not None:
            wt, wz, b = wt[:, perm], wz[:, perm], b[perm]
        a = g.matmul(pre + "/mm_t", t, g.const(pre + "/wt", wt))
        c = g.matmul(pre + "/mm_z", z, g.const(pre + "/wz", wz))
        return g.add(pre, g.add(pre + "/sum", a, c), g.const(pre + "/b", b))

    # NCHW view index j = c*16 + pos  ->  NHWC order k = pos*C + c
    C0 = ch[0]
    perm = np.array([c * 16 + pos for pos in range(16) for c in range(C0)])
    h = g.reshape("fc/reshape", lin("fc", "fc_wt", "fc_wz", "fc_b", perm), [-1, 4, 4, C0])

    def modulate(i, h, C):
        gm = g.reshape(f"cbn{i}/gamma_r", lin(f"cbn{i}/gamma", f"g{i}_wt", f"g{i}_wz", f"g{i}_b"), [-1, 1, 1, C])
        bt = g.reshape(f"cbn{i}/beta_r", lin(f"cbn{i}/beta", f"b{i}_wt", f"b{i}_wz", f"b{i}_b"), [-1, 1, 1, C])
        return g.relu(f"cbn{i}/relu", g.add(f"cbn{i}/shift", g.mul(f"cbn{i}/scale", h, gm), bt))

    h = modulate(0, h, C0)
    size = 4
    for i in range(3):
        size *= 2
        h = g.resize_nearest(f"up{i}", h, [size, size])
        w = P[f"conv{i}_w"].transpose(2, 3, 1, 0)  # OIHW -> HWIO
        h = g.op("BiasAdd", f"conv{i}/bias", [g.conv2d(f"conv{i}", h, w), g.const(f"conv{i}/b", P[f"conv{i}_b"])],
                 {"data_format": {"s": "TkhXQw=="}})
        h = modulate(i + 1, h, ch[i + 1])
    w = P["out_w"].transpose(2, 3, 1, 0)
    h = g.op("BiasAdd", "out/bias", [g.conv2d("out/conv", h, w), g.const("out/b", P["out_b"])],
             {"data_format": {"s": "TkhXQw=="}})
    h = g.tanh("out/tanh", h)
    img = g.transpose("image", h, [0, 3, 1, 2])
    g.output("image", img, [-1, 3, 32, 32])
    return g


def clip_image_tfjs(fi):
    g = Graph()
    x = g.placeholder("image", [-1, 3, 32, 32])
    h = g.transpose("nhwc", x, [0, 2, 3, 1])
    for name, stride in [("c1", 1), ("c2", 2), ("c3", 2), ("c4", 2)]:
        conv = getattr(fi, name)
        w = np32(conv.weight).transpose(2, 3, 1, 0)
        # torch padding=1 with stride 2 on even sizes == explicit pad 1; TF "SAME" pads (0,1) there,
        # so pad explicitly and use VALID.
        if stride == 2:
            h = g.op("Pad", name + "/pad", [h, g.const(name + "/paddings", np.array([[0, 0], [1, 1], [1, 1], [0, 0]], dtype=np.int32))],
                     {"Tpaddings": {"type": "DT_INT32"}})
            h = g.conv2d(name, h, w, stride=2, padding="VALID")
        else:
            h = g.conv2d(name, h, w, stride=1, padding="SAME")
        h = g.op("BiasAdd", name + "/bias", [h, g.const(name + "/b", np32(conv.bias))], {"data_format": {"s": "TkhXQw=="}})
        h = g.relu(name + "/relu", h)
    # torch flattens NCHW: transpose back before flatten
    h = g.transpose("nchw", h, [0, 3, 1, 2])
    h = g.reshape("flat", h, [-1, 128 * 16])
    h = g.add("fc", g.matmul("fc/mm", h, g.const("fc/w", np32(fi.fc.weight).T)), g.const("fc/b", np32(fi.fc.bias)))
    e = g.l2_normalize("embedding", h)
    g.output("embedding", e, [-1, fi.fc.out_features])
    return g


def clip_text_tfjs(ft, V):
    g = Graph()
    x = g.placeholder("words", [-1, V])
    h = g.matmul("emb", x, g.const("emb/w", np32(ft.emb)))
    h = g.relu("fc1/relu", g.add("fc1", g.matmul("fc1/mm", h, g.const("fc1/w", np32(ft.fc1.weight).T)), g.const("fc1/b", np32(ft.fc1.bias))))
    h = g.add("fc2", g.matmul("fc2/mm", h, g.const("fc2/w", np32(ft.fc2.weight).T)), g.const("fc2/b", np32(ft.fc2.bias)))
    e = g.l2_normalize("embedding", h)
    g.output("embedding", e, [-1, ft.fc2.out_features])
    return g


def onnx_export(model, args, path, in_names, out_names):
    dyn = {n: {0: "N"} for n in in_names + out_names}
    torch.onnx.export(model, args, path, opset_version=OPSET, input_names=in_names, output_names=out_names,
                      dynamic_axes=dyn, do_constant_folding=True)


def write_vocab(path, ds):
    vocab = ds["vocab"]
    name_count = {}
    for n in ds["names"]:
        for w in n:
            name_count[w] = name_count.get(w, 0) + 1
    spec = dict(common.NORMALIZATION_SPEC)
    spec.update({"stopwords": common.STOPWORDS, "plural_keep": common.PLURAL_KEEP,
                 "plural_map": common.PLURAL_MAP, "plural_rules": common.PLURAL_RULES})
    out = {
        "version": 1,
        "size": len(vocab),
        "words": vocab,
        "image_counts": [int(ds["vocab_count"][w]) for w in vocab],
        "name_image_counts": [int(name_count.get(w, 0)) for w in vocab],
        "stopwords": common.STOPWORDS,
        "normalization": spec,
        "z_dim": ZDIM,
        "examples": [{"text": t, "normalized": common.normalize(t),
                      "known": [w for w in common.normalize(t) if w in set(vocab)],
                      "indices": [vocab.index(w) for w in common.normalize(t) if w in set(vocab)]}
                     for t in ["A red apple", "Two CHERRIES on the tree!", "cats and dogs", "smiling face with sunglasses",
                               "boxes of cookies", "the bus's glasses", "flying saucer in 3D", "zzzxq", ""]],
        "notes": "image_counts: number of training images whose caption has the word; name_image_counts: "
                 "images whose emoji name/short names have it (concrete concepts). Index i of 'words' is "
                 "column i of the 'words' model input.",
    }
    with open(path, "w") as f:
        json.dump(out, f, indent=0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=default_data_dir())
    ap.add_argument("--ckpt", default=os.path.join(CKPT_DIR, "gan_ema_latest.pt"))
    ap.add_argument("--out", default=os.path.join(PKG, "weights"))
    args = ap.parse_args()
    torch.set_num_threads(1)
    t0 = time.time()
    ds = build_dataset(args.data, os.path.join(HERE, "cache", "dataset.npz"))
    vocab = ds["vocab"]
    V = len(vocab)
    w2i = {w: i for i, w in enumerate(vocab)}
    ck = torch.load(args.ckpt)
    assert ck["vocab"] == vocab, "vocabulary mismatch between checkpoint and dataset"
    G = Generator(V)
    G.load_state_dict(ck["G_ema"])
    from train_gan import recalibrate_bn
    sampler = BagSampler(ds, w2i, V, np.random.default_rng(0))
    G = recalibrate_bn(G, sampler, len(ds["captions"]), batches=16)
    P = fold_generator(G)
    gi = GenInfer(P).eval()

    tmp = args.out + f".tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    # parity in torch: folded vs module
    gen = torch.Generator().manual_seed(7)
    words = torch.from_numpy(np.stack([prompt_vector(p, w2i, V) for p in common.GRID_PROMPTS]))
    zz = torch.randn(len(common.GRID_PROMPTS), ZDIM, generator=gen)
    with torch.no_grad():
        d = (gi(words, zz) - G(words, zz)).abs().max().item()
    print(f"folded-vs-torch max abs diff {d:.2e}", flush=True)
    assert d < 1e-4
    onnx_export(gi, (words, zz), os.path.join(tmp, "generator.onnx"), ["words", "z"], ["image"])
    gen_tfjs(P, V).save(os.path.join(tmp, "tfjs", "generator"))

    clip_path = os.path.join(CKPT_DIR, "clip.pt")
    clip_info = None
    if os.path.exists(clip_path):
        cc = torch.load(clip_path)
        assert cc["vocab"] == vocab
        fi, ft = ClipImage(), ClipText(V)
        fi.load_state_dict(cc["image"]); ft.load_state_dict(cc["text"])
        fi.eval(); ft.eval()
        x = torch.rand(4, 3, 32, 32) * 2 - 1
        onnx_export(fi, (x,), os.path.join(tmp, "clip-image.onnx"), ["image"], ["embedding"])
        onnx_export(ft, (words,), os.path.join(tmp, "clip-text.onnx"), ["words"], ["embedding"])
        clip_image_tfjs(fi).save(os.path.join(tmp, "tfjs", "clip-image"))
        clip_text_tfjs(ft, V).save(os.path.join(tmp, "tfjs", "clip-text"))
        clip_info = {"metrics": cc["metrics"], "logit_scale": cc["logit_scale"], "dim": fi.fc.out_features}
    write_vocab(os.path.join(tmp, "vocab.json"), ds)
    # folded parameters of exactly this export, for eval.py (gitignored checkpoints dir)
    torch.save(dict(P=P, step=int(ck["step"]), vocab=vocab), os.path.join(CKPT_DIR, "exported_generator.pt.tmp"))
    # parity fixture for the JS check: a few prompts + z + torch outputs
    with torch.no_grad():
        img = gi(words, zz).numpy().reshape(len(words), -1)
        fx = {"prompts": common.GRID_PROMPTS,
              "words": [[(0 if v == 0 else float(v)) for v in row] for row in words.numpy().tolist()],
              "z": zz.numpy().tolist(),
              "image_note": "torch output of the folded generator, rounded to 5 decimals",
              "image": [[round(float(v), 5) for v in row] for row in img]}
    with open(os.path.join(HERE, "parity_fixture.json.tmp"), "w") as f:
        json.dump(fx, f, separators=(",", ":"))
    os.replace(os.path.join(HERE, "parity_fixture.json.tmp"), os.path.join(HERE, "parity_fixture.json"))
    info = {"step": int(ck["step"]), "train_seconds": round(float(ck.get("elapsed", 0)), 1),
            "exported_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "checkpoint": os.path.basename(args.ckpt), "clip": clip_info}
    with open(os.path.join(tmp, "export-info.json"), "w") as f:
        json.dump(info, f, indent=1)
    sizes = {}
    for root, _, files in os.walk(tmp):
        for fn in files:
            p = os.path.join(root, fn)
            sizes[os.path.relpath(p, tmp)] = os.path.getsize(p)
    total = sum(sizes.values())
    assert total <= 20 * 1024 * 1024, f"weights too large: {total}"
    # swap in atomically (two renames)
    old = args.out + f".old-{os.getpid()}"
    if os.path.exists(args.out):
        os.rename(args.out, old)
    os.rename(tmp, args.out)
    shutil.rmtree(old, ignore_errors=True)
    os.replace(os.path.join(CKPT_DIR, "exported_generator.pt.tmp"), os.path.join(CKPT_DIR, "exported_generator.pt"))
    for k in sorted(sizes):
        print(f"  {k}: {sizes[k]:,} B")
    print(f"total {total:,} B; exported step {ck['step']} in {time.time() - t0:.1f}s", flush=True)
    update_model_card(info, sizes)


def update_model_card(info, sizes):
    path = os.path.join(PKG, "model-card.json")
    card = json.load(open(path)) if os.path.exists(path) else {}
    card.setdefault("training", {})
    card["training"]["steps"] = info["step"]
    card["training"]["train_seconds"] = info["train_seconds"]
    card["files"] = {k: v for k, v in sorted(sizes.items())}
    if info.get("clip"):
        card.setdefault("judge", {})["heldout_retrieval"] = info["clip"]["metrics"]
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(card, f, indent=2)
    os.replace(tmp, path)


if __name__ == "__main__":
    main()
