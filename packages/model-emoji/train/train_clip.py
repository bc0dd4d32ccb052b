"""Train the tiny CLIP-style dual encoder (judge) on the emoji data.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 packages/model-emoji/train/train_clip.py --data /tmp/emoji-data/node_modules

Do NOT run concurrently with the GAN training (2-core machine). 10% of the images (seed 0) are held
out; their retrieval accuracy is written to train/checkpoints/clip_metrics.json.
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (HERE, BagSampler, ClipImage, ClipText, atomic_torch_save,  # noqa: E402
                    build_dataset, default_data_dir, to_tensor_images, words_vector)
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

CKPT_DIR = os.path.join(HERE, "checkpoints")


def clip_augment(x):
    n, _, H, _ = x.shape
    # translation +-2 px (pad with white), mild colour jitter, random blur, noise
    xp = F.pad(x, [2, 2, 2, 2], value=1.0)
    out = torch.empty_like(x)
    sx = torch.randint(0, 5, (n,))
    sy = torch.randint(0, 5, (n,))
    for i in range(n):
        out[i] = xp[i, :, sy[i]:sy[i] + H, sx[i]:sx[i] + H]
    out = out * (1 + 0.2 * (torch.rand(n, 1, 1, 1) - 0.5)) + 0.2 * (torch.rand(n, 3, 1, 1) - 0.5)
    blur = torch.rand(n) < 0.3
    if blur.any():
        k = torch.tensor([1.0, 2.0, 1.0])
        k = (k[:, None] * k[None, :]) / 16
        w = k.expand(3, 1, 3, 3).contiguous()
        out[blur] = F.conv2d(F.pad(out[blur], [1, 1, 1, 1], mode="replicate"), w, groups=3)
    out = out + 0.05 * torch.randn_like(out) * (torch.rand(n, 1, 1, 1) < 0.3)
    return out.clamp(-1, 1)


def retrieval(img_emb, txt_emb, keys=None, n_cand=100, seed=0):
    """For each i, rank txt_emb[i] among itself + (n_cand-1) random candidates whose key
    (caption) differs from key i."""
    g = np.random.default_rng(seed)
    M = img_emb.shape[0]
    keys = keys if keys is not None else list(range(M))
    top1 = top5 = 0
    sims = img_emb @ txt_emb.T
    for i in range(M):
        pool = np.array([j for j in range(M) if keys[j] != keys[i]])
        others = g.choice(pool, size=min(n_cand - 1, len(pool)), replace=False)
        s = sims[i, np.concatenate([[i], others])]
        rank = int((s > s[0]).sum())
        top1 += rank < 1
        top5 += rank < 5
    return top1 / M, top5 / M


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=default_data_dir())
    ap.add_argument("--steps", type=int, default=1500)
    ap.add_argument("--bs", type=int, default=256)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--holdout", type=float, default=0.1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    os.makedirs(CKPT_DIR, exist_ok=True)
    ds = build_dataset(args.data, os.path.join(HERE, "cache", "dataset.npz"))
    vocab = ds["vocab"]
    V = len(vocab)
    w2i = {w: i for i, w in enumerate(vocab)}
    images = to_tensor_images(ds["images"])
    N = images.shape[0]
    rng = np.random.default_rng(0)
    perm = rng.permutation(N)
    n_hold = int(N * args.holdout)
    hold, train = np.sort(perm[:n_hold]), perm[n_hold:]
    sampler = BagSampler(ds, w2i, V, np.random.default_rng(1))
    fi, ft = ClipImage(), ClipText(V)
    logit_scale = torch.nn.Parameter(torch.tensor(np.log(10.0), dtype=torch.float32))
    params = list(fi.parameters()) + list(ft.parameters()) + [logit_scale]
    opt = torch.optim.AdamW(params, lr=2e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=2e-3, total_steps=args.steps, pct_start=0.1)
    caps = ds["captions"]
    t0 = time.time()
    for step in range(1, args.steps + 1):
        idx = rng.choice(train, size=args.bs, replace=False)
        # avoid duplicate captions in a batch as false negatives: group key = base emoji name
        x = clip_augment(images[idx])
        w = torch.from_numpy(sampler.batch(idx))
        ie, te = fi(x), ft(w)
        logits = logit_scale.exp().clamp(max=100) * ie @ te.T
        # positives: same base emoji (any vendor/tone) counts as a soft-positive target
        key = [ds["emoji_names"][i] for i in idx]
        same = torch.tensor([[a == b for b in key] for a in key], dtype=torch.float32)
        tgt = same / same.sum(1, keepdim=True)
        loss = 0.5 * (-(tgt * F.log_softmax(logits, 1)).sum(1).mean()
                      - (tgt.T * F.log_softmax(logits.T, 1)).sum(1).mean())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
        if step % 100 == 0:
            print(f"step {step} loss {loss.item():.3f} scale {logit_scale.exp().item():.1f} "
                  f"{(time.time() - t0) / step:.3f}s/step", flush=True)
    fi.eval(); ft.eval()
    with torch.no_grad():
        ie = fi(images[hold]).numpy()
        te_full = ft(torch.from_numpy(np.stack([words_vector(caps[i], w2i, V) for i in hold]))).numpy()
        te_name = ft(torch.from_numpy(np.stack([words_vector(ds["names"][i], w2i, V) for i in hold]))).numpy()
    kf = [tuple(caps[i]) for i in hold]
    kn = [tuple(ds["names"][i]) for i in hold]
    rf, rn = retrieval(ie, te_full, kf), retrieval(ie, te_name, kn)
    m = {
        "heldout_images": int(n_hold),
        "heldout_full_caption_top1_of_100": rf[0],
        "heldout_full_caption_top5_of_100": rf[1],
        "heldout_name_caption_top1_of_100": rn[0],
        "heldout_name_caption_top5_of_100": rn[1],
        "steps": args.steps,
        "train_seconds": round(time.time() - t0, 1),
    }
    print(json.dumps(m, indent=1), flush=True)
    atomic_torch_save(dict(image=fi.state_dict(), text=ft.state_dict(), vocab=vocab, holdout=hold.tolist(),
                           metrics=m, logit_scale=logit_scale.item()), os.path.join(CKPT_DIR, "clip.pt"))
    with open(os.path.join(CKPT_DIR, "clip_metrics.json"), "w") as f:
        json.dump(m, f, indent=1)


if __name__ == "__main__":
    main()
