"""Evaluate the exported generator with the dual-encoder judge; writes numbers into model-card.json
and a samples-vs-real grid to docs/samples-grid.png.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 packages/model-emoji/train/eval.py [--data DIR]

Uses train/checkpoints/exported_generator.pt (the folded weights written by export.py, i.e. exactly
what is in weights/) and train/checkpoints/clip.pt. Single-threaded by default.
"""
import argparse
import json
import os
import sys
import time
import zlib

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import (HERE, PKG, ZDIM, ClipImage, ClipText, build_dataset,  # noqa: E402
                    default_data_dir, normalize, to_tensor_images, words_vector)
from export import GenInfer  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

CKPT_DIR = os.path.join(HERE, "checkpoints")
TONE_WORDS = {"skin", "tone", "light", "medium", "dark"}


def concept_list(ds):
    """Concepts = words of emoji names/short names (base emoji, not tone words), ranked by the number of
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


def rank_retrieval(img_emb, txt_emb, true_idx, cand_sets):
    """img_emb [M,D]; txt_emb [C,D]; for sample m: rank of true_idx[m] within cand_sets[m]."""
    top1 = top5 = 0
    for m in range(img_emb.shape[0]):
        c = cand_sets[m]
        s = txt_emb[c] @ img_emb[m]
        st = float(txt_emb[true_idx[m]] @ img_emb[m])
        rank = int((s > st).sum())
        top1 += rank < 1
        top5 += rank < 5
    n = img_emb.shape[0]
    return top1 / n, top5 / n


def pairwise_mean(x, fn):
    n = len(x)
    if n < 2:
        return float("nan")
    v = [fn(x[i], x[j]) for i in range(n) for j in range(i + 1, n)]
    return float(np.mean(v))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=default_data_dir())
    ap.add_argument("--seeds", type=int, default=8)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--gen", default=os.path.join(CKPT_DIR, "exported_generator.pt"))
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    t0 = time.time()
    ds = build_dataset(args.data, os.path.join(HERE, "cache", "dataset.npz"))
    vocab = ds["vocab"]
    V = len(vocab)
    w2i = {w: i for i, w in enumerate(vocab)}
    eg = torch.load(args.gen)
    assert eg["vocab"] == vocab
    G = GenInfer(eg["P"]).eval()
    cc = torch.load(os.path.join(CKPT_DIR, "clip.pt"))
    fi, ft = ClipImage(), ClipText(V)
    fi.load_state_dict(cc["image"]); ft.load_state_dict(cc["text"])
    fi.eval(); ft.eval()
    images = to_tensor_images(ds["images"])

    concepts, cfreq = concept_list(ds)
    C = len(concepts)
    with torch.no_grad():
        T = ft(torch.from_numpy(np.stack([words_vector([w], w2i, V) for w in concepts]))).numpy()

    S = args.seeds
    gen = torch.Generator().manual_seed(1234)
    Z = torch.randn(S, ZDIM, generator=gen)

    def generate(prompt_words):
        w = torch.from_numpy(words_vector(prompt_words, w2i, V))[None].repeat(S, 1)
        with torch.no_grad():
            return G(w, Z)

    inv = {}
    for i, n in enumerate(ds["names"]):
        for w in n:
            inv.setdefault(w, []).append(i)

    def real_for(word, k=S):
        idx = inv.get(word, [])
        if len(idx) > k:
            idx = list(np.random.default_rng(zlib.crc32(word.encode())).choice(idx, size=k, replace=False))
        return images[idx]

    rng = np.random.default_rng(0)
    results = {}
    emb_cache = {}
    gen_imgs = {}
    for ci, w in enumerate(concepts):
        x = generate([w])
        gen_imgs[w] = x
        with torch.no_grad():
            emb_cache[w] = fi(x).numpy()
    per_concept = {}  # concept word → share of its samples whose prompt is in the judge's top 5 of 100
    for name, cset in [("frequent100", list(range(min(100, C)))), ("all", list(range(C)))]:
        ge, gt, gc, re, rt, rc = [], [], [], [], [], []
        for ci in cset:
            w = concepts[ci]
            if name == "frequent100":
                cands = np.array(cset)
            else:
                others = rng.choice(np.delete(np.arange(C), ci), size=99, replace=False)
                cands = np.concatenate([[ci], others])
            e = emb_cache[w]
            ge.append(e); gt += [ci] * len(e); gc += [cands] * len(e)
            if name == "all":
                ranks = [int(((T[cands] @ em) > (T[ci] @ em)).sum()) for em in e]
                per_concept[w] = round(float(np.mean([r < 5 for r in ranks])), 3)
            r = real_for(w)
            with torch.no_grad():
                er = fi(r).numpy()
            re.append(er); rt += [ci] * len(er); rc += [cands] * len(er)
        g1, g5 = rank_retrieval(np.concatenate(ge), T, gt, gc)
        r1, r5 = rank_retrieval(np.concatenate(re), T, rt, rc)
        results[name] = {"concepts": len(cset), "generated_top1": g1, "generated_top5": g5,
                         "real_images_top1": r1, "real_images_top5": r5}
        print(name, results[name], flush=True)

    # diversity on the frequent concepts: pixel L1 ([0,1] scale) and judge-embedding cosine distance
    l1 = lambda a, b: float((a - b).abs().mean() / 2)  # noqa: E731
    cosd = lambda a, b: float(1 - a @ b)  # noqa: E731
    dg_px, dr_px, dg_e, dr_e = [], [], [], []
    for w in concepts[:100]:
        x = gen_imgs[w]
        r = real_for(w)
        dg_px.append(pairwise_mean(list(x), l1))
        dr_px.append(pairwise_mean(list(r), l1))
        dg_e.append(pairwise_mean(list(emb_cache[w]), cosd))
        with torch.no_grad():
            dr_e.append(pairwise_mean(list(fi(r).numpy()), cosd))
    div = {
        "generated_pixel_l1": float(np.nanmean(dg_px)), "real_pixel_l1": float(np.nanmean(dr_px)),
        "generated_embedding_cosine_distance": float(np.nanmean(dg_e)),
        "real_embedding_cosine_distance": float(np.nanmean(dr_e)),
        "seeds_per_prompt": S,
    }
    div["pixel_ratio_generated_over_real"] = div["generated_pixel_l1"] / div["real_pixel_l1"]
    print("diversity", div, flush=True)

    # grid prompts: rank of the prompt's own embedding among the 100 frequent concepts + the prompt
    grid_rank = {}
    for p in common.GRID_PROMPTS:
        pw = normalize(p)
        x = generate(pw)
        with torch.no_grad():
            e = fi(x).numpy()
            tp = ft(torch.from_numpy(words_vector(pw, w2i, V))[None]).numpy()[0]
        Tc = np.concatenate([T[:100], tp[None]])
        ranks = [int(((Tc @ ei) > (tp @ ei)).sum()) for ei in e]
        grid_rank[p] = {"mean_rank_of_101": float(np.mean(ranks)), "top5_rate": float(np.mean([r < 5 for r in ranks]))}
    print("grid prompts", grid_rank, flush=True)

    save_samples_grid(G, ds, images, w2i, V)

    m = {
        "step": int(eg["step"]),
        "protocol": ("For each concept word (emoji name words ranked by number of base emoji), "
                     f"{S} samples with fixed seeds; judge = dual encoder (held-out retrieval below). "
                     "Retrieval of the concept among 100 candidate prompts (frequent100: the 100 most "
                     "frequent concepts; all: the concept + 99 random other concepts). The same protocol "
                     "on real training images of the concept gives the ceiling."),
        "prompt_adherence": results,
        "diversity": div,
        "grid_prompts": grid_rank,
        "judge_heldout_retrieval": cc["metrics"],
        "eval_seconds": round(time.time() - t0, 1),
    }
    path = os.path.join(PKG, "model-card.json")
    card = json.load(open(path))
    card["evaluation"] = m
    card["measured_quality"] = {
        "step": m["step"],
        "frequent100_top5_adherence": results["frequent100"]["generated_top5"],
        "frequent100_top1_adherence": results["frequent100"]["generated_top1"],
        "all_concepts_top5_adherence": results["all"]["generated_top5"],
        "all_concepts_top1_adherence": results["all"]["generated_top1"],
        "diversity_pixel_ratio_generated_over_real": div["pixel_ratio_generated_over_real"],
    }
    vc = ds["vocab_count"]
    card["concepts"] = {
        "about": ("Every concept word with the number of training images that name it and the share of its "
                  f"{S} generated samples whose prompt the judge ranks in its top 5 among 100 (see evaluation.protocol)."),
        "step": m["step"],
        "words": [{"word": w, "images": int(vc[w]), "top5": per_concept[w]}
                  for w in sorted(per_concept, key=lambda w: (-per_concept[w], -vc[w], w))],
    }
    with open(path + ".tmp", "w") as f:
        json.dump(card, f, indent=2)
    os.replace(path + ".tmp", path)
    with open(os.path.join(HERE, "eval_results.json"), "w") as f:
        json.dump(m, f, indent=1)
    print(f"done in {time.time() - t0:.1f}s", flush=True)


def save_samples_grid(G, ds, images, w2i, V, scale=3):
    from PIL import Image, ImageDraw
    prompts = common.GRID_PROMPTS
    seeds = 4
    cols = []
    for p in prompts:
        pw = normalize(p)
        w = torch.from_numpy(words_vector(pw, w2i, V))[None].repeat(seeds, 1)
        z = torch.cat([torch.randn(1, ZDIM, generator=torch.Generator().manual_seed(s)) for s in range(seeds)])
        with torch.no_grad():
            x = G(w, z)
        # real: prefer images whose name words are exactly the prompt words, else contain all of them
        exact = [i for i, n in enumerate(ds["names"]) if set(n) == set(pw)]
        contain = [i for i, n in enumerate(ds["names"]) if set(pw) <= set(n)]
        contain.sort(key=lambda i: (len(set(ds["names"][i]) - set(pw)), i))
        idx = (exact + [i for i in contain if i not in exact])[:2]
        r = images[idx] if idx else torch.ones(0, 3, 32, 32)
        if len(r) < 2:
            r = torch.cat([r, torch.ones(2 - len(r), 3, 32, 32)])
        cols.append(torch.cat([x, torch.ones(1, 3, 32, 32) * 0.6, r]))
    grid = torch.stack(cols, 1)  # [7, P, 3, 32, 32]
    R, P = grid.shape[:2]
    arr = ((grid.clamp(-1, 1) + 1) * 127.5).round().byte().permute(0, 3, 1, 4, 2).reshape(R * 32, P * 32, 3).numpy()
    im = Image.fromarray(arr).resize((P * 32 * scale, R * 32 * scale), Image.NEAREST)
    label_h = 14
    out = Image.new("RGB", (im.width, im.height + label_h), "white")
    out.paste(im, (0, label_h))
    d = ImageDraw.Draw(out)
    for i, p in enumerate(prompts):
        d.text((i * 32 * scale + 2, 1), p, fill=(0, 0, 0))
    path = os.path.join(PKG, "docs", "samples-grid.png")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    out.save(path + ".tmp.png")
    os.replace(path + ".tmp.png", path)


if __name__ == "__main__":
    main()
