"""Train the 32x32 text-conditional GAN for @pictor/model-emoji.

Start / resume (same command; --resume picks up train/checkpoints/gan_latest.pt):
  OPENBLAS_NUM_THREADS=1 nohup /usr/bin/python3 packages/model-emoji/train/train_gan.py \
      --data /tmp/emoji-data/node_modules --resume > packages/model-emoji/train/gan_train.log 2>&1 &

Architecture: generator = Linear -> 4x4, then 3x [nearest upsample x2, conv3x3, conditional BN, ReLU],
conv3x3 -> tanh. Conditional BN (affine-free BN + per-channel scale/shift predicted from
cond = [text features, z]) injects z and text at every stage. Discriminator = spectral-norm
projection discriminator. Hinge loss, DiffAugment (colour, translation, cutout) on real and fake,
mode-seeking loss (pairs of samples with the same text and different z), EMA generator.
"""
import argparse
import copy
import csv
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (GRID_PROMPTS, HERE, ZDIM, BagSampler, Discriminator, Generator,  # noqa: E402
                    atomic_torch_save, build_dataset, default_data_dir, diff_augment,
                    prompt_vector, to_tensor_images)
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

CKPT_DIR = os.path.join(HERE, "checkpoints")
GRID_DIR = os.path.join(HERE, "grids")


def recalibrate_bn(G, sampler, n_imgs, batches=8, bs=64, seed=123):
    """Re-estimate BN running stats of G (a copy) with cumulative averaging."""
    G = copy.deepcopy(G)
    for m in G.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.reset_running_stats()
            m.momentum = None
    rng = np.random.default_rng(seed)
    old_rng = sampler.rng
    sampler.rng = rng
    g = torch.Generator().manual_seed(seed)
    G.train()
    with torch.no_grad():
        for _ in range(batches):
            idx = rng.integers(0, n_imgs, size=bs)
            w = torch.from_numpy(sampler.batch(idx))
            G(w, torch.randn(bs, ZDIM, generator=g))
    sampler.rng = old_rng
    G.eval()
    return G


def save_grid(G, w2i, V, path, real=None):
    from PIL import Image
    words = torch.from_numpy(np.stack([prompt_vector(p, w2i, V) for p in GRID_PROMPTS]))
    rows = []
    with torch.no_grad():
        for s in range(4):
            z = torch.randn(1, ZDIM, generator=torch.Generator().manual_seed(s)).repeat(len(GRID_PROMPTS), 1)
            rows.append(G(words, z))
    x = torch.stack(rows)  # [4,10,3,32,32]
    x = ((x.clamp(-1, 1) + 1) * 127.5).round().byte().permute(0, 3, 1, 4, 2).reshape(4 * 32, 10 * 32, 3)
    im = Image.fromarray(x.numpy()).resize((10 * 64, 4 * 64), Image.NEAREST)
    im.save(path + ".tmp.png")
    os.replace(path + ".tmp.png", path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=default_data_dir(), help="dir containing emoji-datasource-{google,twitter}")
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--steps", type=int, default=1_000_000)
    ap.add_argument("--bs", type=int, default=64)
    ap.add_argument("--lr_g", type=float, default=2e-4)
    ap.add_argument("--lr_d", type=float, default=2e-4)
    ap.add_argument("--ms", type=float, default=0.3, help="mode-seeking loss weight (1.0 before step 1000)")
    ap.add_argument("--mismatch", type=float, default=0.5, help="weight of the real-image/wrong-text D term")
    ap.add_argument("--emb_lr_mult", type=float, default=5.0, help="lr multiplier for word embeddings")
    ap.add_argument("--ckpt_every_s", type=float, default=300)
    ap.add_argument("--grid_every_s", type=float, default=900)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--adaptive_threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--bench", type=int, default=0, help="only time N steps and exit")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    os.makedirs(CKPT_DIR, exist_ok=True)
    os.makedirs(GRID_DIR, exist_ok=True)
    with open(os.path.join(CKPT_DIR, "train_gan.pid"), "w") as f:
        f.write(str(os.getpid()))

    ds = build_dataset(args.data, os.path.join(HERE, "cache", "dataset.npz"))
    vocab = ds["vocab"]
    V = len(vocab)
    w2i = {w: i for i, w in enumerate(vocab)}
    images = to_tensor_images(ds["images"])
    N = images.shape[0]
    # sample each base emoji more evenly: weight 1/sqrt(#images of that base emoji)
    names = ds["emoji_names"]
    cnt = {}
    for n in names:
        cnt[n] = cnt.get(n, 0) + 1
    p = np.array([1.0 / np.sqrt(cnt[n]) for n in names])
    p /= p.sum()

    G, D = Generator(V), Discriminator(V)
    G_ema = copy.deepcopy(G).eval()
    for q in G_ema.parameters():
        q.requires_grad_(False)
    def groups(model, lr, fast):
        fast_ids = {id(p) for n, p in model.named_parameters() if any(n.startswith(f) for f in fast)}
        return [{"params": [p for p in model.parameters() if id(p) not in fast_ids], "lr": lr},
                {"params": [p for p in model.parameters() if id(p) in fast_ids], "lr": lr * args.emb_lr_mult}]

    optG = torch.optim.Adam(groups(G, args.lr_g, ["emb", "tproj"]), betas=(0.0, 0.9))
    optD = torch.optim.Adam(groups(D, args.lr_d, ["emb"]), betas=(0.0, 0.9))
    rng = np.random.default_rng(args.seed)
    step = 0
    elapsed = 0.0
    latest = os.path.join(CKPT_DIR, "gan_latest.pt")
    if args.resume and os.path.exists(latest):
        ck = torch.load(latest)
        G.load_state_dict(ck["G"]); D.load_state_dict(ck["D"]); G_ema.load_state_dict(ck["G_ema"])
        for opt, key, model in [(optG, "optG", G), (optD, "optD", D)]:
            if len(ck[key]["param_groups"]) == len(opt.param_groups):
                opt.load_state_dict(ck[key])
            else:  # older single-group checkpoint: carry the Adam moments over per parameter
                old = torch.optim.Adam(model.parameters(), lr=1e-4, betas=(0.0, 0.9))
                old.load_state_dict(ck[key])
                for prm in model.parameters():
                    if prm in old.state:
                        opt.state[prm] = old.state[prm]
        step, elapsed = ck["step"], ck.get("elapsed", 0.0)
        rng = np.random.default_rng(args.seed + step)
        torch.manual_seed(args.seed + step)
        print(f"resumed from step {step}", flush=True)
    sampler = BagSampler(ds, w2i, V, rng)
    print(f"N={N} V={V} G params={sum(q.numel() for q in G.parameters()):,} "
          f"D params={sum(q.numel() for q in D.parameters()):,}", flush=True)

    log_path = os.path.join(HERE, "gan_losses.csv")
    new_log = not os.path.exists(log_path)
    logf = open(log_path, "a", newline="")
    logw = csv.writer(logf)
    if new_log:
        logw.writerow(["step", "elapsed_s", "s_per_step", "d_loss", "g_adv", "ms_ratio", "d_real", "d_fake"])

    def save_ckpt():
        atomic_torch_save(dict(G=G.state_dict(), D=D.state_dict(), G_ema=G_ema.state_dict(),
                               optG=optG.state_dict(), optD=optD.state_dict(), step=step,
                               elapsed=elapsed, vocab=vocab, args=vars(args)), latest)
        # small EMA-only checkpoint for export (loaded by export.py)
        atomic_torch_save(dict(G_ema=G_ema.state_dict(), step=step, elapsed=elapsed, vocab=vocab),
                          os.path.join(CKPT_DIR, "gan_ema_latest.pt"))

    def grid():
        Gc = recalibrate_bn(G_ema, sampler, N)
        save_grid(Gc, w2i, V, os.path.join(GRID_DIR, f"grid_step{step:06d}.png"))
        # keep a small EMA snapshot per grid, in case a later phase of training degrades
        atomic_torch_save(dict(G_ema=G_ema.state_dict(), step=step, elapsed=elapsed, vocab=vocab),
                          os.path.join(CKPT_DIR, f"gan_ema_step{step:06d}.pt"))

    start_step = step
    t_last_ck = t_last_grid = time.time()
    t0 = time.time()
    acc = []
    bs, half = args.bs, args.bs // 2
    while step < args.steps:
        ts = time.time()
        idx = rng.choice(N, size=bs, p=p)
        real = images[idx]
        words_real = torch.from_numpy(sampler.batch(idx))
        # ---- D step
        z = torch.randn(bs, ZDIM)
        with torch.no_grad():
            fake = G(words_real, z)
        h_real = D.features(diff_augment(real))
        d_real = D.head(h_real, words_real)
        d_fake = D(diff_augment(fake), words_real)
        d_loss = F.relu(1 - d_real).mean() + F.relu(1 + d_fake).mean()
        if args.mismatch > 0:
            # real image + another sample's text counts as "fake" (GAN-CLS style); reuses the features
            d_mis = D.head(h_real, words_real.roll(1, dims=0))
            d_loss = d_loss + args.mismatch * F.relu(1 + d_mis).mean()
        optD.zero_grad(set_to_none=True)
        d_loss.backward()
        optD.step()
        # ---- G step: first half and second half share text, differ in z (mode seeking)
        idx2 = rng.choice(N, size=half, p=p)
        w_half = torch.from_numpy(sampler.batch(idx2))
        words_g = torch.cat([w_half, w_half])
        z = torch.randn(bs, ZDIM)
        fake = G(words_g, z)
        g_adv = -D(diff_augment(fake), words_g).mean()
        img_d = (fake[:half] - fake[half:]).abs().mean(dim=(1, 2, 3))
        z_d = (z[:half] - z[half:]).abs().mean(dim=1)
        ratio = (img_d / z_d).mean()
        loss_ms = 1.0 / (ratio + 1e-5)
        g_loss = g_adv + args.ms * loss_ms
        optG.zero_grad(set_to_none=True)
        g_loss.backward()
        optG.step()
        # ---- EMA
        decay = min(0.999, (1 + step) / (10 + step))
        with torch.no_grad():
            for pe, pg in zip(G_ema.parameters(), G.parameters()):
                pe.lerp_(pg, 1 - decay)
            for be, bg in zip(G_ema.buffers(), G.buffers()):
                be.copy_(bg)
        step += 1
        dt = time.time() - ts
        elapsed += dt
        acc.append([d_loss.item(), g_adv.item(), ratio.item(), d_real.mean().item(), d_fake.mean().item(), dt])
        if args.bench and step >= args.bench:
            a = np.array(acc)
            print(f"bench: {a[1:, 5].mean():.3f} s/step over {len(a) - 1} steps", flush=True)
            return
        if (step % 10 == 0 or step == start_step + 1) and args.adaptive_threads:
            # other jobs share this 2-core box: under contention 2 OpenMP threads spin-wait badly,
            # so drop to 1 thread while the 1-minute load average (incl. our own ~2) is high.
            want = 1 if os.getloadavg()[0] > 3.5 else args.threads
            if want != torch.get_num_threads():
                torch.set_num_threads(want)
                print(f"threads -> {want} (load {os.getloadavg()[0]:.1f})", flush=True)
        if step % 50 == 0:
            a = np.array(acc).mean(0)
            acc = []
            logw.writerow([step, f"{elapsed:.1f}", f"{a[5]:.3f}"] + [f"{v:.4f}" for v in a[:5]])
            logf.flush()
            print(f"step {step} {a[5]:.3f}s/step d {a[0]:.3f} g {a[1]:.3f} ms_ratio {a[2]:.3f} "
                  f"D(real) {a[3]:.2f} D(fake) {a[4]:.2f}", flush=True)
        now = time.time()
        if now - t_last_ck > args.ckpt_every_s:
            save_ckpt()
            t_last_ck = now
        if now - t_last_grid > args.grid_every_s or step == 500:
            grid()
            t_last_grid = now
    save_ckpt()
    grid()


if __name__ == "__main__":
    main()
