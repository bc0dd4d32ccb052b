"""Quality of the exported emoji-sd weights, with @pictor/model-emoji's dual encoder as the judge (the GAN's
protocol in packages/model-emoji/train/eval.py):

- prompt adherence: for each of the 100 most frequent concepts, S samples (fixed seeds) at 20 Euler steps;
  top-5 (and top-1) retrieval of the concept's prompt among the 100 concept prompts. Guidance is chosen on
  the next 100 concepts (ranks 101–200), never on the reported ones;
- inpainting: training images of *other* emoji, a central 40×40 box masked, the prompt a concept: top-5
  retrieval of the prompt for the blended result, against the unedited image (the floor); mean abs
  difference outside the mask before and after the blend;
- img2img at strength 0.6 and the same retrieval;
- sample grids (txt2img, img2img, inpaint) to docs/models/emoji-sd-*.png.

The samples come from sampler.py on the exported checkpoint; the parity test shows the TypeScript pipeline
gives the same latents (≤ 1e-3).
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch

from export import CKPT, OUT, load_models
from sampler import Reference
from sd_common import HERE, PKG, REPO, BpeTokenizer, build_dataset, default_data_dir, to_tensor_images

sys.path.insert(0, os.path.join(REPO, "packages", "model-emoji", "train"))
from common import ClipImage, ClipText, words_vector  # noqa: E402

TONE_WORDS = {"skin", "tone", "light", "medium", "dark"}


def concept_list(ds):
    """As packages/model-emoji/train/eval.py: words of emoji names (not tone words), ranked by the number of
    distinct base emoji whose name has the word, then by image count."""
    base = {}
    for nm, words in zip(ds["emoji_names"], ds["names"]):
        base.setdefault(nm, set()).update(w for w in words if w not in TONE_WORDS)
    freq = {}
    for ws in base.values():
        for w in ws:
            freq[w] = freq.get(w, 0) + 1
    vc = ds["vocab_count"]
    return sorted(freq, key=lambda w: (-freq[w], -vc[w], w)), freq

DOCS = os.path.join(REPO, "docs", "models")
GRID_PROMPTS = ["elephant", "red apple", "cat face", "rocket", "pizza", "heart", "tree", "car", "smiling face",
                "sun"]


def to_judge(x):
    """Decoded [N,3,64,64] → what the judge saw in training: uint8 rounding, 2×2 area mean, [-1, 1]."""
    u8 = torch.round((x.clamp(-1, 1) + 1) * 127.5)
    return u8.view(-1, 3, 32, 2, 32, 2).mean(dim=(3, 5)).round() / 127.5 - 1


def to_u8(x):
    return torch.round((x.clamp(-1, 1) + 1) * 127.5).to(torch.uint8).permute(0, 2, 3, 1).numpy()


def retrieval(emb, T, true_idx, cands):
    """Share of embeddings whose true prompt ranks in the top 5 / top 1 among cands."""
    s = T[cands] @ emb.T  # [C, N]
    st = T[true_idx] @ emb.T
    rank = (s > st[None]).sum(0)
    return float((rank < 5).mean()), float((rank < 1).mean())


def save_grid(rows, path, scale=2):
    """rows: list of lists of uint8 [64,64,3] images."""
    from PIL import Image
    h = len(rows)
    w = max(len(r) for r in rows)
    canvas = np.full((h * 66, w * 66, 3), 255, dtype=np.uint8)
    for i, r in enumerate(rows):
        for j, im in enumerate(r):
            canvas[i * 66 + 1:i * 66 + 65, j * 66 + 1:j * 66 + 65] = im
    Image.fromarray(canvas).resize((w * 66 * scale, h * 66 * scale), Image.NEAREST).save(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.join(CKPT, "sd_ema_latest.pt"))
    ap.add_argument("--data", default=default_data_dir())
    ap.add_argument("--seeds", type=int, default=8)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--guidances", default="3,5,7.5")
    ap.add_argument("--no-card", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(1)
    t0 = time.time()
    ds = build_dataset(args.data, os.path.join(HERE, "cache", "dataset64.npz"))
    images = to_tensor_images(ds["images"])
    ck, enc, dec, unet, text = load_models(args.ckpt)
    tok = BpeTokenizer.from_folder(os.path.join(OUT, "tokenizer"))
    scale = json.load(open(os.path.join(OUT, "vae_decoder", "config.json")))["scaling_factor"]
    ref = Reference(tok, text, unet, enc, dec, scale)

    judge = torch.load(os.path.join(REPO, "packages", "model-emoji", "train", "checkpoints", "clip.pt"))
    vocab = judge["vocab"]
    w2i = {w: i for i, w in enumerate(vocab)}
    fi, ft = ClipImage(), ClipText(len(vocab))
    fi.load_state_dict(judge["image"]); ft.load_state_dict(judge["text"])
    fi.eval(); ft.eval()
    concepts, _ = concept_list(ds)
    with torch.no_grad():
        T = ft(torch.from_numpy(np.stack([words_vector([w], w2i, len(vocab)) for w in concepts]))).numpy()

    def embed(x):
        with torch.no_grad():
            return fi(to_judge(x)).numpy()

    S = args.seeds

    def adherence(cset, guidance, keep=None, seeds=S):
        hits5, hits1 = [], []
        for ci in cset:
            lat = ref.sample(concepts[ci], 1000 + ci * 16, count=seeds, steps=args.steps, guidance=guidance)
            x = ref.decode(lat)
            if keep is not None:
                keep[concepts[ci]] = x
            t5, t1 = retrieval(embed(x), T, ci, np.array(cset))
            hits5.append(t5); hits1.append(t1)
        return float(np.mean(hits5)), float(np.mean(hits1))

    # Guidance chosen on concepts 101–200.
    tune = list(range(100, 200))
    tuning = {}
    for g in [float(v) for v in args.guidances.split(",")]:
        tuning[g] = adherence(tune, g, seeds=max(1, S // 2))[0]
        print(f"tune guidance {g}: top-5 {tuning[g]:.3f} ({time.time() - t0:.0f}s)", flush=True)
    guidance = max(tuning, key=tuning.get)
    freq = list(range(100))
    samples = {}
    top5, top1 = adherence(freq, guidance, samples)
    print(f"frequent100 at guidance {guidance}: top-5 {top5:.3f} top-1 {top1:.3f} ({time.time() - t0:.0f}s)",
          flush=True)

    # Inpainting and img2img on images of other emoji.
    rng = np.random.default_rng(7)
    mask = np.zeros((64, 64)); mask[12:52, 12:52] = 1
    mt = torch.from_numpy(mask)
    inp5, base5, i2i5, out_before, out_after, inside = [], [], [], [], [], []
    inpaint_rows, i2i_rows = [], []
    for k, ci in enumerate(freq[:50]):
        w = concepts[ci]
        others = [i for i, n in enumerate(ds["names"]) if w not in n]
        src = int(rng.choice(others))
        x = images[src].double()
        lat = ref.sample(w, 5000 + k, steps=args.steps, guidance=guidance, image=x, mask=mask)
        dec_x = ref.decode(lat)[0].double()
        out_before.append(float(((dec_x.clamp(-1, 1) - x).abs() * (1 - mt)).sum() / (3 * (1 - mt).sum()) * 127.5))
        blended = torch.where(mt[None] >= 0.5, dec_x, x)
        # After the blend, as the pipeline writes it (uint8): outside pixels are the input's.
        b8 = torch.round((blended.clamp(-1, 1) + 1) * 127.5)
        x8 = torch.round((x + 1) * 127.5)
        out_after.append(float(((b8 - x8).abs() * (1 - mt)).sum() / (3 * (1 - mt).sum())))
        inside.append(float(((b8 - x8).abs() * mt).sum() / (3 * mt.sum())))
        e = embed(blended[None].float())
        inp5.append(retrieval(e, T, ci, np.array(freq))[0])
        base5.append(retrieval(embed(x[None].float()), T, ci, np.array(freq))[0])
        lat2 = ref.sample(w, 6000 + k, steps=args.steps, guidance=guidance, image=x, strength=0.6)
        x2 = ref.decode(lat2)
        i2i5.append(retrieval(embed(x2), T, ci, np.array(freq))[0])
        if k < 10:
            inpaint_rows.append([to_u8(x[None].float())[0], to_u8((x * (1 - mt)[None])[None].float())[0],
                                 to_u8(blended[None].float())[0]])
            i2i_rows.append([to_u8(x[None].float())[0], to_u8(x2)[0]])
    res = {
        "weights_step": ck["step"],
        "steps": args.steps,
        "scheduler": "euler",
        "seeds_per_prompt": S,
        "guidance": guidance,
        "guidance_tuning_top5_on_concepts_101_200": {str(k): v for k, v in tuning.items()},
        "frequent100_top5_adherence": top5,
        "frequent100_top1_adherence": top1,
        "inpaint": {
            "images": len(inp5), "mask": "central 40x40 box of 64x64", "prompt": "a frequent concept absent from the image",
            "top5_prompt_retrieval_after": float(np.mean(inp5)),
            "top5_prompt_retrieval_unedited": float(np.mean(base5)),
            "mean_abs_diff_outside_mask_before_blend_255": float(np.mean(out_before)),
            "mean_abs_diff_outside_mask_after_blend_255": float(np.mean(out_after)),
            "mean_abs_diff_inside_mask_255": float(np.mean(inside)),
        },
        "img2img": {"strength": 0.6, "top5_prompt_retrieval": float(np.mean(i2i5)),
                    "top5_prompt_retrieval_unedited": float(np.mean(base5))},
        "seconds": round(time.time() - t0, 1),
    }
    print(json.dumps(res, indent=2), flush=True)
    json.dump(res, open(os.path.join(HERE, "eval_results.json"), "w"), indent=2)

    # Grids: txt2img (rows = seeds, columns = prompts), img2img, inpaint.
    os.makedirs(DOCS, exist_ok=True)
    cols = []
    for p in GRID_PROMPTS:
        cols.append(to_u8(ref.decode(ref.sample(p, 0, count=4, steps=args.steps, guidance=guidance))))
    save_grid([[c[s] for c in cols] for s in range(4)], os.path.join(DOCS, "emoji-sd-txt2img.png"))
    save_grid(inpaint_rows[:8], os.path.join(DOCS, "emoji-sd-inpaint.png"))
    save_grid(i2i_rows[:8], os.path.join(DOCS, "emoji-sd-img2img.png"))
    if not args.no_card:
        card_path = os.path.join(PKG, "model-card.json")
        card = json.load(open(card_path))
        card["evaluation"] = res | {"protocol": __doc__.strip()}
        json.dump(card, open(card_path, "w"), indent=2, ensure_ascii=False)
        open(card_path, "a").write("\n")


if __name__ == "__main__":
    main()
