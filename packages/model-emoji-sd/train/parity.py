"""Writes the parity fixture: final latents of the reference sampler (sampler.py) for a set of short
calls, on the weights of the exported folder. `@pictor/onnx`'s emoji-sd parity test runs the same calls
through the TypeScript pipeline and compares (max abs difference ≤ 1e-3).

Run after every export (export.py does): the fixture belongs to the exported weights.
"""
import argparse
import json
import os

import numpy as np
import torch
from PIL import Image

from export import CKPT, OUT, load_models
from sampler import Reference
from sd_common import HERE, BpeTokenizer

FIXTURE = os.path.join(HERE, "parity_fixture.json")
IMAGE = os.path.join(HERE, "parity", "image.png")
MASK = os.path.join(HERE, "parity", "mask.png")

CASES = [
    {"name": "euler, guided, 2 images", "prompt": "a red apple", "seed": 7, "count": 2, "steps": 6,
     "guidance": 5.0, "scheduler": "euler"},
    {"name": "euler, unguided", "prompt": "cat face", "seed": 3, "steps": 6, "guidance": 1.0, "scheduler": "euler"},
    {"name": "euler ancestral, guided", "prompt": "rocket", "seed": 11, "steps": 6, "guidance": 5.0,
     "scheduler": "euler-ancestral"},
    {"name": "ddim, guided", "prompt": "pizza", "seed": 5, "steps": 6, "guidance": 5.0, "scheduler": "ddim"},
    {"name": "ddim, eta 0.5, unguided", "prompt": "tree", "seed": 9, "steps": 6, "guidance": 1.0,
     "scheduler": "ddim", "eta": 0.5},
    {"name": "img2img euler, strength 0.5", "prompt": "a green apple", "seed": 2, "steps": 8, "guidance": 5.0,
     "scheduler": "euler", "image": True, "strength": 0.5},
    {"name": "img2img ddim, strength 0.3", "prompt": "apple", "seed": 4, "steps": 8, "guidance": 5.0,
     "scheduler": "ddim", "image": True, "strength": 0.3},
    {"name": "img2img euler ancestral, strength 0.8", "prompt": "tomato", "seed": 6, "steps": 8,
     "guidance": 3.0, "scheduler": "euler-ancestral", "image": True, "strength": 0.8},
    {"name": "inpaint euler", "prompt": "heart", "seed": 8, "steps": 6, "guidance": 5.0, "scheduler": "euler",
     "image": True, "mask": True, "strength": 1.0},
    {"name": "inpaint ddim, strength 0.6", "prompt": "star", "seed": 10, "steps": 6, "guidance": 5.0,
     "scheduler": "ddim", "image": True, "mask": True, "strength": 0.6},
]


def read_image(path):
    a = np.asarray(Image.open(path).convert("RGBA")).astype(np.float64) / 255.0
    rgb = a[..., :3] * a[..., 3:4] + (1 - a[..., 3:4])
    return torch.from_numpy(rgb * 2 - 1).permute(2, 0, 1).contiguous()


def read_mask(path):
    a = np.asarray(Image.open(path).convert("L")).astype(np.float64)
    return (a >= 127.5).astype(np.float64)


def make_inputs():
    """The img2img/inpaint input (an apple from the training data) and a box mask, written once."""
    if os.path.exists(IMAGE):
        return
    from sd_common import build_dataset, default_data_dir
    ds = build_dataset(default_data_dir(), os.path.join(HERE, "cache", "dataset64.npz"))
    i = next(k for k, n in enumerate(ds["emoji_names"]) if n == "RED APPLE" and ds["vendors"][k] == "google")
    Image.fromarray(ds["images"][i]).save(IMAGE)
    m = np.zeros((64, 64), dtype=np.uint8)
    m[14:46, 20:52] = 255
    Image.fromarray(m).save(MASK)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.join(CKPT, "sd_ema_latest.pt"))
    ap.add_argument("--folder", default=OUT)
    ap.add_argument("--fixture", default=FIXTURE)
    args = ap.parse_args()
    torch.set_num_threads(1)
    make_inputs()
    ck, enc, dec, unet, text = load_models(args.ckpt)
    tokenizer = BpeTokenizer.from_folder(os.path.join(args.folder, "tokenizer"))
    scale = json.load(open(os.path.join(args.folder, "vae_decoder", "config.json")))["scaling_factor"]
    ref = Reference(tokenizer, text, unet, enc, dec, scale)
    image, mask = read_image(IMAGE), read_mask(MASK)
    out = []
    for case in CASES:
        lat = ref.sample(case["prompt"], case["seed"], count=case.get("count", 1), steps=case["steps"],
                         guidance=case["guidance"], scheduler=case["scheduler"], eta=case.get("eta", 0.0),
                         image=image if case.get("image") else None, mask=mask if case.get("mask") else None,
                         strength=case.get("strength", 1.0))
        out.append(case | {"tokens": tokenizer(case["prompt"]),
                           "latents": [round(float(v), 6) for v in lat.flatten()]})
    json.dump({"weights_step": ck["step"], "image": "parity/image.png", "mask": "parity/mask.png",
               "tolerance": 1e-3, "cases": out}, open(args.fixture, "w"))
    print(f"wrote {args.fixture}: {len(out)} cases")


if __name__ == "__main__":
    main()
