"""Train the crop namer: the dual encoder, fine-tuned for object crops in composed scenes.

  node packages/model-emoji/train/rasterise_iconify.mjs            # Fluent Emoji (MIT) → cache/fluent-emoji
  OPENBLAS_NUM_THREADS=1 nice -n 19 /usr/bin/python3 packages/model-emoji/train/train_namer.py

Starts from the judge (checkpoints/clip.pt, same architecture and vocabulary, so the TS prompt
encoder is unchanged) and trains on three art styles — Noto (Apache-2.0), Twemoji (CC-BY-4.0) and
Microsoft Fluent Emoji colour (MIT) — with crop augmentations: the object at 45–100 % of the frame,
off-centre, on plain, gradient or noisy backgrounds, with part of a neighbouring object in view. That
is what a CenterNet box in a composed scene looks like. Fluent Emoji Flat, OpenMoji and every other
set are never read here: the evaluation holds them out. 10 % of the Fluent names are held out too;
their retrieval is written to checkpoints/namer_metrics.json. Exported by `--export` to
weights/namer-image.onnx and weights/namer-text.onnx (inputs and outputs as clip-*.onnx).
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (HERE, PKG, VENDORS, ClipImage, ClipText, atomic_torch_save,  # noqa: E402
                    default_data_dir, normalize, words_vector)
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from PIL import Image  # noqa: E402

CKPT_DIR = os.path.join(HERE, "checkpoints")


def load_rgba_32(path):
    im = Image.open(path).convert("RGBA")
    if im.size != (64, 64):
        im = im.resize((64, 64), Image.BILINEAR)
    a = np.asarray(im).astype(np.float32) / 255.0
    rgb = a[..., :3] * a[..., 3:4]  # premultiplied, then 2×2 area downsample
    rgb = rgb.reshape(32, 2, 32, 2, 3).mean(axis=(1, 3))
    alpha = a[..., 3].reshape(32, 2, 32, 2).mean(axis=(1, 3))
    return np.concatenate([rgb, alpha[..., None]], axis=2)


def load_sets(data_dir, fluent_dir, w2i):
    """Images [N,32,32,4] premultiplied RGBA in 0..1, word lists, soft-positive keys, set names."""
    images, words, keys, sets = [], [], [], []
    meta = json.load(open(os.path.join(data_dir, "emoji-datasource-google", "emoji.json")))
    for e in meta:
        name_words = [w for w in normalize((e["name"] or "") + " " + " ".join(e.get("short_names") or [])) if w in w2i]
        if not name_words:
            continue
        for vendor, pkg in VENDORS:
            p = os.path.join(data_dir, pkg, "img", vendor, "64", e["image"])
            if e.get("has_img_" + vendor) and os.path.exists(p):
                images.append(load_rgba_32(p))
                words.append(name_words)
                keys.append((e["name"] or "").lower())
                sets.append(vendor)
    names = json.load(open(os.path.join(fluent_dir, "names.json")))["names"]
    for n in names:
        if "tone" in n:
            continue
        name_words = [w for w in normalize(n.replace("-", " ")) if w in w2i]
        if not name_words:
            continue
        images.append(load_rgba_32(os.path.join(fluent_dir, n + ".png")))
        words.append(name_words)
        keys.append(n.replace("-", " "))
        sets.append("fluent")
    return np.stack(images).astype(np.float32), words, keys, sets


def backgrounds(n, H):
    """Plain, gradient or noisy backgrounds [n,3,H,H] in 0..1."""
    base = torch.rand(n, 3, 1, 1)
    other = torch.rand(n, 3, 1, 1)
    t = torch.linspace(0, 1, H)
    horizontal = t.view(1, 1, 1, H).expand(n, 1, H, H)
    vertical = t.view(1, 1, H, 1).expand(n, 1, H, H)
    ramp = torch.where(torch.rand(n, 1, 1, 1) < 0.5, horizontal, vertical)
    kind = torch.rand(n, 1, 1, 1)
    bg = base.expand(n, 3, H, H).clone()
    grad = kind < 0.45
    bg = torch.where(grad & (kind >= 0.2), base + (other - base) * ramp, bg)
    noisy = kind >= 0.8
    bg = torch.where(noisy, base + 0.15 * torch.randn(n, 3, H, H), bg)
    white = torch.rand(n, 1, 1, 1) < 0.15
    return torch.where(white, torch.ones_like(bg), bg).clamp(0, 1)


def place(rgba, scale, shift):
    """Affine-resamples premultiplied RGBA [n,4,H,H]: object at `scale` of the frame, moved by `shift`."""
    n = rgba.shape[0]
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0] = 1 / scale
    theta[:, 1, 1] = 1 / scale
    theta[:, :, 2] = -shift / scale[:, None]
    grid = F.affine_grid(theta, list(rgba.shape), align_corners=False)
    return F.grid_sample(rgba, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def crop_augment(rgba, pool):
    """rgba [n,4,32,32] premultiplied → RGB in [-1,1] looking like a padded detector crop."""
    n, _, H, _ = rgba.shape
    scale = 0.45 + 0.55 * torch.rand(n)
    shift = (torch.rand(n, 2) - 0.5) * 2 * (1 - scale[:, None]) * 0.9
    obj = place(rgba, scale, shift)
    # a neighbour peeking in from a side (another random image, far off-centre)
    near = torch.rand(n) < 0.35
    if near.any():
        k = int(near.sum())
        other = pool[torch.randint(0, pool.shape[0], (k,))]
        s2 = 0.5 + 0.4 * torch.rand(k)
        side = torch.randint(0, 4, (k,))
        off = torch.zeros(k, 2)
        off[:, 0] = torch.where(side == 0, 1.2, torch.where(side == 1, -1.2, (torch.rand(k) - 0.5)))
        off[:, 1] = torch.where(side == 2, 1.2, torch.where(side == 3, -1.2, (torch.rand(k) - 0.5)))
        neighbour = place(other, s2, off)
        # the object is in front of its neighbour
        a = obj[near, 3:4]
        obj[near] = obj[near] + neighbour * (1 - a)
    bg = backgrounds(n, H)
    rgb = obj[:, :3] + bg * (1 - obj[:, 3:4])
    x = rgb * 2 - 1
    x = x * (1 + 0.2 * (torch.rand(n, 1, 1, 1) - 0.5)) + 0.2 * (torch.rand(n, 3, 1, 1) - 0.5)
    blur = torch.rand(n) < 0.3
    if blur.any():
        kern = torch.tensor([1.0, 2.0, 1.0])
        kern = (kern[:, None] * kern[None, :]) / 16
        w = kern.expand(3, 1, 3, 3).contiguous()
        x[blur] = F.conv2d(F.pad(x[blur], [1, 1, 1, 1], mode="replicate"), w, groups=3)
    x = x + 0.05 * torch.randn_like(x) * (torch.rand(n, 1, 1, 1) < 0.3)
    return x.clamp(-1, 1)


def on_white(rgba):
    return (rgba[:, :3] + (1 - rgba[:, 3:4])) * 2 - 1


def retrieval(img_emb, txt_emb, keys, n_cand=100, seed=0):
    g = np.random.default_rng(seed)
    M = img_emb.shape[0]
    sims = img_emb @ txt_emb.T
    top1 = top5 = 0
    for i in range(M):
        pool = np.array([j for j in range(M) if keys[j] != keys[i]])
        others = g.choice(pool, size=min(n_cand - 1, len(pool)), replace=False)
        s = sims[i, np.concatenate([[i], others])]
        rank = int((s > s[0]).sum())
        top1 += rank < 1
        top5 += rank < 5
    return top1 / M, top5 / M


def export(ckpt_path):
    cc = torch.load(ckpt_path)
    V = len(cc["vocab"])
    fi, ft = ClipImage(), ClipText(V)
    fi.load_state_dict(cc["image"])
    ft.load_state_dict(cc["text"])
    fi.eval(); ft.eval()
    weights = os.path.join(PKG, "weights")
    for model, args, name, i, o in [(fi, (torch.zeros(1, 3, 32, 32),), "namer-image.onnx", "image", "embedding"),
                                    (ft, (torch.zeros(1, V),), "namer-text.onnx", "words", "embedding")]:
        tmp = os.path.join(weights, name + ".tmp")
        torch.onnx.export(model, args, tmp, opset_version=13, input_names=[i], output_names=[o],
                          dynamic_axes={i: {0: "N"}, o: {0: "N"}}, do_constant_folding=True)
        os.replace(tmp, os.path.join(weights, name))
    print("exported", weights)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=default_data_dir())
    ap.add_argument("--fluent", default=os.path.join(HERE, "cache", "fluent-emoji"))
    ap.add_argument("--steps", type=int, default=1200)
    ap.add_argument("--bs", type=int, default=192)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--export", action="store_true", help="only export checkpoints/namer.pt to ONNX")
    ap.add_argument("--init", default=os.path.join(CKPT_DIR, "clip.pt"),
                    help="weights to start from (default the judge; a namer checkpoint continues it)")
    args = ap.parse_args()
    out = os.path.join(CKPT_DIR, "namer.pt")
    if args.export:
        export(out)
        return
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    base = torch.load(args.init)
    vocab = base["vocab"]
    V = len(vocab)
    w2i = {w: i for i, w in enumerate(vocab)}
    imgs, words, keys, sets = load_sets(args.data, args.fluent, w2i)
    rgba = torch.from_numpy(imgs).permute(0, 3, 1, 2).contiguous()
    N = rgba.shape[0]
    rng = np.random.default_rng(0)
    fluent_keys = sorted({k for k, s in zip(keys, sets) if s == "fluent"})
    held_keys = set(rng.permutation(fluent_keys)[: len(fluent_keys) // 10].tolist())
    hold = np.array([i for i in range(N) if sets[i] == "fluent" and keys[i] in held_keys])
    train = np.array([i for i in range(N) if keys[i] not in held_keys])
    print(f"{N} images ({sum(s == 'fluent' for s in sets)} Fluent); {len(train)} train, {len(hold)} held out", flush=True)
    fi, ft = ClipImage(), ClipText(V)
    fi.load_state_dict(base["image"])
    ft.load_state_dict(base["text"])
    logit_scale = torch.nn.Parameter(torch.tensor(float(base.get("logit_scale", np.log(10.0))), dtype=torch.float32))
    opt = torch.optim.AdamW([{"params": fi.parameters(), "lr": 1e-3},
                             {"params": list(ft.parameters()) + [logit_scale], "lr": 3e-4}], weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=[1e-3, 3e-4], total_steps=args.steps, pct_start=0.1)
    vec = np.stack([words_vector(w, w2i, V) for w in words])
    t0 = time.time()
    for step in range(1, args.steps + 1):
        idx = rng.choice(train, size=args.bs, replace=False)
        x = crop_augment(rgba[idx], rgba[train])
        w = torch.from_numpy(vec[idx])
        ie, te = fi(x), ft(w)
        logits = logit_scale.exp().clamp(max=100) * ie @ te.T
        key = [keys[i] for i in idx]
        same = torch.tensor([[a == b for b in key] for a in key], dtype=torch.float32)
        tgt = same / same.sum(1, keepdim=True)
        loss = 0.5 * (-(tgt * F.log_softmax(logits, 1)).sum(1).mean()
                      - (tgt.T * F.log_softmax(logits.T, 1)).sum(1).mean())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
        if step % 50 == 0:
            print(f"step {step} loss {loss.item():.3f} {(time.time() - t0) / step:.3f}s/step", flush=True)
        if step % 300 == 0 or step == args.steps:
            atomic_torch_save(dict(image=fi.state_dict(), text=ft.state_dict(), vocab=vocab,
                                   logit_scale=logit_scale.item(), step=step), out)
    fi.eval(); ft.eval()
    torch.manual_seed(1)
    with torch.no_grad():
        te = ft(torch.from_numpy(vec[hold])).numpy()
        plain = fi(on_white(rgba[hold])).numpy()
        crops = fi(crop_augment(rgba[hold], rgba[train])).numpy()
    hk = [keys[i] for i in hold]
    rp, rc = retrieval(plain, te, hk), retrieval(crops, te, hk)
    m = {"heldout_fluent_names": len(held_keys), "heldout_images": int(len(hold)),
         "plain_top1_of_100": rp[0], "plain_top5_of_100": rp[1],
         "crop_top1_of_100": rc[0], "crop_top5_of_100": rc[1],
         "steps": args.steps, "train_seconds": round(time.time() - t0, 1)}
    print(json.dumps(m, indent=1), flush=True)
    atomic_torch_save(dict(image=fi.state_dict(), text=ft.state_dict(), vocab=vocab, metrics=m,
                           logit_scale=logit_scale.item(), held_out_keys=sorted(held_keys)), out)
    with open(os.path.join(CKPT_DIR, "namer_metrics.json"), "w") as f:
        json.dump(m, f, indent=1)
    export(out)


if __name__ == "__main__":
    main()
