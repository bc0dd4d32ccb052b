"""Trains emoji-sd: the autoencoder first (a fixed time budget), then the text encoder + 9-channel UNet.

Resumable: `--resume` continues from checkpoints/sd_latest.pt. Writes checkpoints every ~5 min (atomic
rename), losses to train_losses.csv, its pid to checkpoints/train.pid.
"""
import argparse
import csv
import json
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from sd_common import (HERE, MAX_TOKENS, SCHEDULER_CONFIG, BpeTokenizer, CaptionSampler, TextEncoder, UNet,
                       VaeDecoder, VaeEncoder, alphas_cumprod_np, atomic_torch_save, box_masks, build_dataset,
                       count_params, default_data_dir, latent_mask, normalize, to_tensor_images, train_bpe,
                       write_tokenizer)

CKPT = os.path.join(HERE, "checkpoints")
CACHE = os.path.join(HERE, "cache")


def ema_update(ema, model, decay):
    with torch.no_grad():
        for e, p in zip(ema.values(), model.state_dict().values()):
            if e.dtype.is_floating_point:
                e.mul_(decay).add_(p.detach(), alpha=1 - decay)
            else:
                e.copy_(p)


def pack(state):
    """A compact resumable checkpoint (committed): fp16 UNet/text weights and EMA, fp32 autoencoder, no
    optimiser moments (Adam rebuilds them within a few hundred steps)."""
    half = lambda d: {k: v.half() if v.dtype == torch.float32 else v for k, v in d.items()}  # noqa: E731
    out = {k: state[k] for k in ("arch", "phase", "vae_step", "vae_elapsed", "step", "scale", "enc", "dec")}
    if state["phase"] == "unet":
        out.update(unet=half(state["unet"]), text=half(state["text"]), ema_unet=half(state["ema_unet"]),
                   ema_text=half(state["ema_text"]))
    return out


def unpack(state):
    full = lambda d: {k: v.float() if v.dtype == torch.float16 else v for k, v in d.items()}  # noqa: E731
    for k in ("unet", "text", "ema_unet", "ema_text"):
        if k in state:
            state[k] = full(state[k])
    return state


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=default_data_dir())
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--vae-seconds", type=float, default=900)
    ap.add_argument("--vae-batch", type=int, default=32)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--ch", type=int, default=64)
    ap.add_argument("--ch2", type=int, default=128)
    ap.add_argument("--merges", type=int, default=1500)
    ap.add_argument("--max-steps", type=int, default=10**9)
    ap.add_argument("--save-every", type=float, default=300)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    os.makedirs(CKPT, exist_ok=True)
    with open(os.path.join(CKPT, "train.pid"), "w") as f:
        f.write(str(os.getpid()))
    ds = build_dataset(args.data, os.path.join(CACHE, "dataset64.npz"))
    N = len(ds["images"])
    images = to_tensor_images(ds["images"])
    print(f"dataset {N} images", flush=True)

    # Tokenizer: BPE over caption words + the articles used in prompts.
    tok_dir = os.path.join(CKPT, "tokenizer")
    if not os.path.exists(os.path.join(tok_dir, "vocab.json")):
        counts = {}
        for c in ds["captions"]:
            for w in c:
                counts[w] = counts.get(w, 0) + 1
        for w in ["a", "an", "the", "of", "with", "picture", "emoji", "icon", "cute", "one", "and", "in", "on"]:
            counts[w] = counts.get(w, 0) + 200
        vocab, merges = train_bpe(counts, args.merges)
        write_tokenizer(tok_dir, vocab, merges)
        print(f"tokenizer: {len(vocab)} tokens", flush=True)
    tokenizer = BpeTokenizer.from_folder(tok_dir)
    V = len(tokenizer.vocab)

    path = os.path.join(CKPT, "sd_latest.pt")
    packed = os.path.join(CKPT, "sd_resume.pt")
    state = None
    if args.resume and os.path.exists(path):
        state = torch.load(path)
    elif args.resume and os.path.exists(packed):
        state = unpack(torch.load(packed))  # the committed compact checkpoint: fresh optimiser moments
    enc, dec = VaeEncoder(), VaeDecoder()
    arch = {"ch": args.ch, "ch2": args.ch2}
    if state and state["phase"] == "unet":
        arch = state["arch"]  # the UNet's shape is fixed once its training started
    unet = UNet(ch=arch["ch"], ch2=arch["ch2"])
    text = TextEncoder(V)
    print(f"params: vae enc {count_params(enc)} dec {count_params(dec)} unet {count_params(unet)} "
          f"text {count_params(text)}", flush=True)
    vae_opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), lr=1e-3)
    params = list(unet.parameters()) + list(text.parameters())
    opt = torch.optim.AdamW(params, lr=4e-4, weight_decay=0.01)
    phase, vae_step, vae_elapsed, step = "vae", 0, 0.0, 0
    ema_u = {k: v.clone() for k, v in unet.state_dict().items()}
    ema_t = {k: v.clone() for k, v in text.state_dict().items()}
    scale = None
    rng = np.random.default_rng(0)
    if state:
        enc.load_state_dict(state["enc"]); dec.load_state_dict(state["dec"])
        if "vae_opt" in state:
            vae_opt.load_state_dict(state["vae_opt"])
        phase, vae_step, vae_elapsed, step = state["phase"], state["vae_step"], state["vae_elapsed"], state["step"]
        scale = state.get("scale")
        if phase == "unet":
            unet.load_state_dict(state["unet"]); text.load_state_dict(state["text"])
            if "opt" in state:
                opt.load_state_dict(state["opt"])
            ema_u, ema_t = state["ema_unet"], state["ema_text"]
        rng = np.random.default_rng(1000 + step + vae_step)
        torch.manual_seed(1000 + step + vae_step)
        print(f"resumed phase {phase} vae_step {vae_step} step {step}", flush=True)

    def save():
        obj = {"arch": arch, "phase": phase, "vae_step": vae_step, "vae_elapsed": vae_elapsed, "step": step,
               "scale": scale, "enc": enc.state_dict(), "dec": dec.state_dict(), "vae_opt": vae_opt.state_dict()}
        if phase == "unet":
            obj.update(unet=unet.state_dict(), text=text.state_dict(), opt=opt.state_dict(),
                       ema_unet=ema_u, ema_text=ema_t)
        atomic_torch_save(obj, path)
        ema = {"arch": arch, "scale": scale, "phase": phase, "step": step, "vae_step": vae_step,
               "enc": enc.state_dict(), "dec": dec.state_dict(), "unet": ema_u, "text": ema_t,
               "vocab_size": V}
        atomic_torch_save(ema, os.path.join(CKPT, "sd_ema_latest.pt"))

    log_path = os.path.join(HERE, "train_losses.csv")
    new_log = not os.path.exists(log_path)
    logf = open(log_path, "a", newline="")
    log = csv.writer(logf)
    if new_log:
        log.writerow(["phase", "step", "loss", "s_per_step", "time"])
    last_save = time.time()

    # ---------------- phase 1: autoencoder ----------------
    t_run = time.time()
    acc, n_acc = 0.0, 0
    while phase == "vae":
        t0 = time.time()
        idx = rng.integers(0, N, args.vae_batch)
        x = images[idx]
        z = enc(x)
        zn = z + 0.05 * z.detach().std() * torch.randn_like(z)
        y = dec(zn)
        loss = F.l1_loss(y, x) + F.mse_loss(y, x) + 1e-4 * z.pow(2).mean()
        vae_opt.zero_grad(set_to_none=True)
        loss.backward()
        vae_opt.step()
        vae_step += 1
        dt = time.time() - t0
        vae_elapsed += dt
        acc += loss.item(); n_acc += 1
        if vae_step % 25 == 0:
            print(f"vae {vae_step} loss {acc / n_acc:.4f} {dt:.2f}s/step elapsed {vae_elapsed:.0f}s", flush=True)
            log.writerow(["vae", vae_step, f"{acc / n_acc:.5f}", f"{dt:.3f}", int(time.time())]); logf.flush()
            acc, n_acc = 0.0, 0
        if vae_elapsed >= args.vae_seconds:
            phase = "latents"
        if time.time() - last_save > args.save_every and phase == "vae":
            save(); last_save = time.time()

    # ---------------- latents of the whole dataset ----------------
    enc.eval(); dec.eval()
    for p in list(enc.parameters()) + list(dec.parameters()):
        p.requires_grad_(False)
    with torch.no_grad():
        lat = torch.cat([enc(images[i:i + 256]) for i in range(0, N, 256)])
        if scale is None:
            scale = float(1.0 / lat.std())
        lat = lat * scale
        z_zero = enc(torch.zeros(1, 3, 64, 64)) * scale
        recon = dec(lat[:512] / scale)
        print(f"latents std {lat.std():.3f} scale {scale:.5f}; recon L1 (first 512) "
              f"{(recon - images[:512]).abs().mean() * 127.5:.2f}/255", flush=True)
    if phase != "unet":
        phase = "unet"
        save(); last_save = time.time()

    # ---------------- phase 2: text encoder + UNet ----------------
    acp = torch.tensor(alphas_cumprod_np(SCHEDULER_CONFIG), dtype=torch.float32)
    T = len(acp)
    captions = CaptionSampler(ds, rng)
    empty = torch.tensor([tokenizer("")])
    acc, n_acc = 0.0, 0
    unet.train(); text.train()
    while step < args.max_steps:
        t0 = time.time()
        B = args.batch
        idx = rng.integers(0, N, B)
        x0 = lat[idx]
        prompts = [captions.text(int(i)) if rng.random() >= 0.1 else "" for i in idx]
        ids = torch.tensor([tokenizer(p) for p in prompts])
        # Conditioning: half text-to-image (mask everywhere, empty masked image), half random boxes.
        inpaint = rng.random(B) < 0.5
        mask = np.ones((B, 1, 8, 8), dtype=np.float32)
        masked = z_zero.repeat(B, 1, 1, 1)
        k = int(inpaint.sum())
        if k:
            pm = box_masks(k, rng)
            ii = np.nonzero(inpaint)[0]
            mask[ii] = latent_mask(pm)
            keep = torch.from_numpy((pm < 0.5).astype(np.float32))[:, None]
            with torch.no_grad():
                masked[ii] = enc(images[idx[ii]] * keep) * scale
        mask = torch.from_numpy(mask)
        t = torch.from_numpy(rng.integers(0, T, B))
        a = acp[t][:, None, None, None]
        eps = torch.randn_like(x0)
        xt = a.sqrt() * x0 + (1 - a).sqrt() * eps
        ctx = text(ids)
        pred = unet(torch.cat([xt, mask, masked], 1), t.float(), ctx)
        snr = a / (1 - a)
        w = torch.clamp(snr, max=5.0) / snr  # min-SNR-5 weighting (Hang et al. 2023) for ε-prediction
        loss = (w * (pred - eps).pow(2)).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        step += 1
        decay = min(0.999, (1 + step) / (10 + step))
        ema_update(ema_u, unet, decay)
        ema_update(ema_t, text, decay)
        dt = time.time() - t0
        acc += loss.item(); n_acc += 1
        if step % 25 == 0:
            print(f"unet {step} loss {acc / n_acc:.4f} {dt:.2f}s/step", flush=True)
            log.writerow(["unet", step, f"{acc / n_acc:.5f}", f"{dt:.3f}", int(time.time())]); logf.flush()
            acc, n_acc = 0.0, 0
        if time.time() - last_save > args.save_every:
            save(); last_save = time.time()
    save()


if __name__ == "__main__":
    main()
