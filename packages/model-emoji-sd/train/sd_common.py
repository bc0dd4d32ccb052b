"""Shared code for @pictor/model-emoji-sd training: data, BPE tokenizer, VAE, text encoder, UNet, schedule.

Run with Debian's /usr/bin/python3 (torch 1.13) and OPENBLAS_NUM_THREADS=1.
"""
import json
import math
import os
import re
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(PKG))
# The GAN package's prompt normalisation and emoji metadata rules are reused as they are.
sys.path.insert(0, os.path.join(REPO, "packages", "model-emoji", "train"))
from common import TONES, VENDORS, normalize  # noqa: E402

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

SIZE = 64
LATENT = 8
LATENT_CH = 4
MAX_TOKENS = 16  # text window incl. start and end tokens (tokenizer_config.json model_max_length)
TEXT_DIM = 128


def default_data_dir():
    own = os.path.join(PKG, "node_modules")
    if os.path.exists(os.path.join(own, "emoji-datasource-google")):
        return own
    return os.path.join(REPO, "packages", "model-emoji", "node_modules")


# ---------------------------------------------------------------------------
# Dataset: 64×64 RGBA composited on white, captions as normalised word lists.
# ---------------------------------------------------------------------------
def load_png_64(path):
    from PIL import Image
    im = Image.open(path).convert("RGBA")
    if im.size != (SIZE, SIZE):
        im = im.resize((SIZE, SIZE), Image.BILINEAR)
    a = np.asarray(im).astype(np.float32) / 255.0
    rgb = a[..., :3] * a[..., 3:4] + (1.0 - a[..., 3:4])
    return np.clip(np.round(rgb * 255.0), 0, 255).astype(np.uint8)


def build_dataset(data_dir, cache_path=None):
    if cache_path and os.path.exists(cache_path):
        z = np.load(cache_path, allow_pickle=True)
        return z["meta"].item() | {"images": z["images"]}
    meta_json = json.load(open(os.path.join(data_dir, "emoji-datasource-google", "emoji.json")))
    images, caps, names, ids, vendors, emoji_names = [], [], [], [], [], []
    for e in meta_json:
        base = normalize(e["name"] or "") + normalize(" ".join(e.get("short_names") or []))
        base = list(dict.fromkeys(base))
        cat = normalize((e.get("category") or "").replace("&", " ")) + normalize(
            (e.get("subcategory") or "").replace("-", " "))
        variants = [(e["image"], e, [], e["name"])]
        for tone_key, v in (e.get("skin_variations") or {}).items():
            tw = []
            for t in tone_key.split("-"):
                for w in TONES.get(t, []):
                    if w not in tw:
                        tw.append(w)
            variants.append((v["image"], v, tw + ["skin", "tone"], e["name"]))
        for img, info, tone_words, nm in variants:
            for vendor, pkg in VENDORS:
                if not info.get("has_img_" + vendor):
                    continue
                p = os.path.join(data_dir, pkg, "img", vendor, "64", img)
                if not os.path.exists(p):
                    continue
                images.append(load_png_64(p))
                name_w = list(dict.fromkeys(base + tone_words))
                caps.append(list(dict.fromkeys(name_w + cat)))
                names.append(name_w)
                ids.append(info.get("unified") or e["unified"])
                vendors.append(vendor)
                emoji_names.append(nm)
    vocab_count = {}
    for c in caps:
        for w in c:
            vocab_count[w] = vocab_count.get(w, 0) + 1
    vocab = sorted(vocab_count, key=lambda w: (-vocab_count[w], w))
    meta = dict(captions=caps, names=names, ids=ids, vendors=vendors, emoji_names=emoji_names,
                vocab=vocab, vocab_count=vocab_count)
    images = np.stack(images)
    if cache_path:
        os.makedirs(os.path.dirname(cache_path), exist_ok=True)
        tmp = cache_path + ".tmp.npz"
        np.savez(tmp, images=images, meta=np.array(meta, dtype=object))
        os.replace(tmp, cache_path)
    meta["images"] = images
    return meta


PREFIXES = ["a", "an", "the", "a picture of a", "an emoji of a", "a cute", "one", "an icon of a"]


class CaptionSampler:
    """Training prompts: a few name words in order (short prompts like "red apple") or the whole caption,
    sometimes behind an article, so "a red apple" and "apple" are both in distribution."""

    def __init__(self, ds, rng):
        self.caps, self.names, self.rng = ds["captions"], ds["names"], rng

    def text(self, i):
        cap, nm = self.caps[i], self.names[i]
        r = self.rng.random()
        if r < 0.3 or not nm:
            words = list(cap)
        else:
            k = int(self.rng.integers(1, min(3, len(nm)) + 1))
            keep = sorted(self.rng.choice(len(nm), size=k, replace=False))
            words = [nm[j] for j in keep]
            for w in cap:
                if w not in words and self.rng.random() < 0.1:
                    words.append(w)
        if self.rng.random() < 0.3:
            words = [PREFIXES[int(self.rng.integers(len(PREFIXES)))]] + words
        return " ".join(words)


# ---------------------------------------------------------------------------
# CLIP-format byte-level BPE (vocab.json + merges.txt), trained on the caption words.
# ---------------------------------------------------------------------------
def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


BOS, EOS = "<|startoftext|>", "<|endoftext|>"
# CLIP's pre-tokenizer pattern without the `regex` module: letters runs, single digits, other symbol runs.
_PAT = re.compile(r"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[^\W\d_]+|\d|[^\s\w]+|_+", re.I)


def train_bpe(word_counts, merges_count):
    """word_counts: {word: count}. Returns (vocab dict token→id, merges list "a b")."""
    b2u = bytes_to_unicode()
    words = {}
    for w, c in word_counts.items():
        sym = [b2u[b] for b in w.encode("utf-8")]
        sym[-1] = sym[-1] + "</w>"
        words[tuple(sym)] = words.get(tuple(sym), 0) + c
    merges = []
    for _ in range(merges_count):
        pairs = {}
        for sym, c in words.items():
            for a, b in zip(sym, sym[1:]):
                pairs[(a, b)] = pairs.get((a, b), 0) + c
        if not pairs:
            break
        best = max(pairs, key=lambda p: (pairs[p], p))
        if pairs[best] < 2:
            break
        merges.append(best)
        new = {}
        for sym, c in words.items():
            out, i = [], 0
            while i < len(sym):
                if i < len(sym) - 1 and sym[i] == best[0] and sym[i + 1] == best[1]:
                    out.append(sym[i] + sym[i + 1])
                    i += 2
                else:
                    out.append(sym[i])
                    i += 1
            new[tuple(out)] = new.get(tuple(out), 0) + c
        words = new
    chars = list(b2u.values())
    tokens = chars + [c + "</w>" for c in chars] + ["".join(m) for m in merges] + [BOS, EOS]
    vocab = {}
    for t in tokens:
        if t not in vocab:
            vocab[t] = len(vocab)
    return vocab, [f"{a} {b}" for a, b in merges]


class BpeTokenizer:
    """CLIP's tokenizer algorithm (lowercase, whitespace-normalised, byte-level BPE with </w>)."""

    def __init__(self, vocab, merges, max_len=MAX_TOKENS):
        self.vocab, self.max_len = vocab, max_len
        self.ranks = {tuple(m.split(" ")): i for i, m in enumerate(merges)}
        self.b2u = bytes_to_unicode()
        self.bos, self.eos = vocab[BOS], vocab[EOS]
        self.pad = self.eos
        self.cache = {}

    @staticmethod
    def from_folder(folder):
        vocab = json.load(open(os.path.join(folder, "vocab.json")))
        merges = [m for m in open(os.path.join(folder, "merges.txt")).read().split("\n")
                  if m and not m.startswith("#version")]
        cfg = json.load(open(os.path.join(folder, "tokenizer_config.json")))
        return BpeTokenizer(vocab, merges, cfg["model_max_length"])

    def bpe(self, word):
        if word in self.cache:
            return self.cache[word]
        parts = list(word[:-1]) + [word[-1] + "</w>"]
        while len(parts) > 1:
            cands = [(self.ranks.get((a, b), 1 << 30), i) for i, (a, b) in enumerate(zip(parts, parts[1:]))]
            rank, _ = min(cands)
            if rank == 1 << 30:
                break
            first, second = parts[_], parts[_ + 1]
            out, i = [], 0
            while i < len(parts):
                if i < len(parts) - 1 and parts[i] == first and parts[i + 1] == second:
                    out.append(first + second)
                    i += 2
                else:
                    out.append(parts[i])
                    i += 1
            parts = out
        ids = [self.vocab.get(p, self.eos) for p in parts]
        self.cache[word] = ids
        return ids

    def encode(self, text):
        text = re.sub(r"\s+", " ", text).strip().lower()
        ids = []
        for m in _PAT.findall(text):
            ids += self.bpe("".join(self.b2u[b] for b in m.encode("utf-8")))
        return ids

    def __call__(self, text):
        body = self.encode(text)[: self.max_len - 2]
        ids = [self.pad] * self.max_len
        ids[0] = self.bos
        ids[1:1 + len(body)] = body
        ids[len(body) + 1] = self.eos
        return ids


def write_tokenizer(folder, vocab, merges):
    os.makedirs(folder, exist_ok=True)
    json.dump(vocab, open(os.path.join(folder, "vocab.json"), "w"), ensure_ascii=False)
    with open(os.path.join(folder, "merges.txt"), "w") as f:
        f.write("#version: 0.2\n" + "\n".join(merges) + "\n")
    json.dump({"model_max_length": MAX_TOKENS, "pad_token": EOS, "bos_token": BOS, "eos_token": EOS,
               "unk_token": EOS, "do_lower_case": True, "tokenizer_class": "CLIPTokenizer"},
              open(os.path.join(folder, "tokenizer_config.json"), "w"), indent=2)
    json.dump({"bos_token": BOS, "eos_token": EOS, "pad_token": EOS, "unk_token": EOS},
              open(os.path.join(folder, "special_tokens_map.json"), "w"), indent=2)


# ---------------------------------------------------------------------------
# Noise schedule (SD 1.x's scaled_linear betas).
# ---------------------------------------------------------------------------
SCHEDULER_CONFIG = {
    "_class_name": "EulerDiscreteScheduler",
    "num_train_timesteps": 1000,
    "beta_start": 0.00085,
    "beta_end": 0.012,
    "beta_schedule": "scaled_linear",
    "prediction_type": "epsilon",
    "timestep_spacing": "linspace",
    "steps_offset": 1,
    "set_alpha_to_one": False,
    "clip_sample": False,
}


def alphas_cumprod_np(cfg=SCHEDULER_CONFIG):
    betas = np.linspace(cfg["beta_start"] ** 0.5, cfg["beta_end"] ** 0.5, cfg["num_train_timesteps"],
                        dtype=np.float64) ** 2
    return np.cumprod(1.0 - betas)


# ---------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------
class VaeEncoder(nn.Module):
    """64×64 RGB in [-1,1] → 4×8×8 (a deterministic autoencoder: the mean only). Space-to-depth first, so
    every conv runs at 16×16 or 8×8: cheap on a CPU and quick to train."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.PixelUnshuffle(4), nn.Conv2d(48, 96, 3, 1, 1), nn.SiLU(),  # 16×16
            nn.Conv2d(96, 128, 3, 2, 1), nn.SiLU(),  # 8×8
            nn.Conv2d(128, 128, 3, 1, 1), nn.SiLU(),
            nn.Conv2d(128, LATENT_CH, 3, 1, 1),
        )

    def forward(self, x):
        return self.net(x)


class VaeDecoder(nn.Module):
    """4×8×8 → 64×64 RGB (unclamped; the pipeline clamps)."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(LATENT_CH, 128, 3, 1, 1), nn.SiLU(),
            nn.Conv2d(128, 128, 3, 1, 1), nn.SiLU(),
            nn.Conv2d(128, 384, 3, 1, 1), nn.PixelShuffle(2), nn.SiLU(),  # 16×16
            nn.Conv2d(96, 96, 3, 1, 1), nn.SiLU(),
            nn.Conv2d(96, 48, 3, 1, 1), nn.PixelShuffle(4),  # 64×64
        )

    def forward(self, z):
        return self.net(z)


class TextEncoder(nn.Module):
    """input_ids [B, T] → last_hidden_state [B, T, D]: a small pre-LN transformer (bidirectional)."""

    def __init__(self, vocab_size, dim=TEXT_DIM, layers=3, heads=4, max_len=MAX_TOKENS):
        super().__init__()
        self.tok = nn.Embedding(vocab_size, dim)
        self.pos = nn.Parameter(torch.zeros(1, max_len, dim))
        nn.init.normal_(self.pos, std=0.02)
        nn.init.normal_(self.tok.weight, std=0.02)
        layer = nn.TransformerEncoderLayer(dim, heads, dim * 4, dropout=0.0, activation="gelu",
                                           batch_first=True, norm_first=True)
        self.blocks = nn.ModuleList([self._clone(layer) for _ in range(layers)])
        self.norm = nn.LayerNorm(dim)

    @staticmethod
    def _clone(layer):
        import copy
        return copy.deepcopy(layer)

    def forward(self, ids):
        h = self.tok(ids) + self.pos[:, : ids.shape[1]]
        for b in self.blocks:
            h = b(h)
        return self.norm(h)


def timestep_embedding(t, dim):
    """Sinusoidal embedding of (fractional) timesteps t [N] → [N, dim] (cos, sin halves)."""
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half)
    args = t.float()[:, None] * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=1)


class ResBlock(nn.Module):
    def __init__(self, cin, cout, tdim):
        super().__init__()
        self.n1 = nn.GroupNorm(8, cin)
        self.c1 = nn.Conv2d(cin, cout, 3, 1, 1)
        self.t = nn.Linear(tdim, cout)
        self.n2 = nn.GroupNorm(8, cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1)
        nn.init.zeros_(self.c2.weight)
        nn.init.zeros_(self.c2.bias)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, temb):
        h = self.c1(F.silu(self.n1(x)))
        h = h + self.t(temb)[:, :, None, None]
        h = self.c2(F.silu(self.n2(h)))
        return self.skip(x) + h


class AttnBlock(nn.Module):
    """Self-attention over positions, then cross-attention to the text tokens, then a feed-forward."""

    def __init__(self, ch, cdim, heads=4):
        super().__init__()
        self.norm = nn.GroupNorm(8, ch)
        self.proj_in = nn.Linear(ch, ch)
        self.ln1 = nn.LayerNorm(ch)
        self.self_attn = nn.MultiheadAttention(ch, heads, batch_first=True)
        self.ln2 = nn.LayerNorm(ch)
        self.cross = nn.MultiheadAttention(ch, heads, kdim=cdim, vdim=cdim, batch_first=True)
        self.ln3 = nn.LayerNorm(ch)
        self.ff = nn.Sequential(nn.Linear(ch, ch * 2), nn.GELU(), nn.Linear(ch * 2, ch))
        self.proj_out = nn.Linear(ch, ch)
        nn.init.zeros_(self.proj_out.weight)
        nn.init.zeros_(self.proj_out.bias)

    def forward(self, x, ctx):
        B, C, H, W = x.shape
        h = self.norm(x).flatten(2).transpose(1, 2)
        h = self.proj_in(h)
        a = self.ln1(h)
        h = h + self.self_attn(a, a, a, need_weights=False)[0]
        a = self.ln2(h)
        h = h + self.cross(a, ctx, ctx, need_weights=False)[0]
        h = h + self.ff(self.ln3(h))
        h = self.proj_out(h)
        return x + h.transpose(1, 2).reshape(B, C, H, W)


class UNet(nn.Module):
    """9 input channels (noisy latents 4, mask 1, masked-image latents 4) at 8×8 → ε (4 channels)."""

    def __init__(self, ch=96, ch2=192, tdim=256, cdim=TEXT_DIM, in_ch=9):
        super().__init__()
        self.ch = ch
        self.temb = nn.Sequential(nn.Linear(ch, tdim), nn.SiLU(), nn.Linear(tdim, tdim))
        self.pool = nn.Linear(cdim, tdim)
        self.conv_in = nn.Conv2d(in_ch, ch, 3, 1, 1)
        self.d1 = ResBlock(ch, ch, tdim)
        self.a1 = AttnBlock(ch, cdim)
        self.down = nn.Conv2d(ch, ch2, 3, 2, 1)  # 4×4
        self.d2 = ResBlock(ch2, ch2, tdim)
        self.a2 = AttnBlock(ch2, cdim)
        self.m1 = ResBlock(ch2, ch2, tdim)
        self.ma = AttnBlock(ch2, cdim)
        self.m2 = ResBlock(ch2, ch2, tdim)
        self.u2 = ResBlock(ch2 * 2, ch2, tdim)
        self.ua2 = AttnBlock(ch2, cdim)
        self.up = nn.Sequential(nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(ch2, ch, 3, 1, 1))
        self.u1 = ResBlock(ch * 2, ch, tdim)
        self.ua1 = AttnBlock(ch, cdim)
        self.u0 = ResBlock(ch * 2, ch, tdim)
        self.out = nn.Sequential(nn.GroupNorm(8, ch), nn.SiLU(), nn.Conv2d(ch, LATENT_CH, 3, 1, 1))
        nn.init.zeros_(self.out[2].weight)
        nn.init.zeros_(self.out[2].bias)

    def forward(self, sample, timestep, ctx):
        B = sample.shape[0]
        t = timestep.reshape(-1).float()
        temb = self.temb(timestep_embedding(t, self.ch))  # [1 or B, tdim]
        temb = temb + self.pool(ctx.mean(dim=1))  # [B, tdim]
        h0 = self.conv_in(sample)
        h1 = self.a1(self.d1(h0, temb), ctx)
        h = self.down(h1)
        h2 = self.a2(self.d2(h, temb), ctx)
        h = self.m2(self.ma(self.m1(h2, temb), ctx), temb)
        h = self.ua2(self.u2(torch.cat([h, h2], 1), temb), ctx)
        h = self.up(h)
        h = self.ua1(self.u1(torch.cat([h, h1], 1), temb), ctx)
        h = self.u0(torch.cat([h, h0], 1), temb)
        return self.out(h)


def count_params(m):
    return sum(p.numel() for p in m.parameters())


def atomic_torch_save(obj, path):
    tmp = path + ".tmp"
    torch.save(obj, tmp)
    os.replace(tmp, path)


def to_tensor_images(u8):
    """uint8 [N,64,64,3] → float [N,3,64,64] in [-1,1]."""
    return torch.from_numpy(np.ascontiguousarray(u8)).permute(0, 3, 1, 2).float().div(127.5).sub(1.0)


def box_masks(n, rng, size=SIZE):
    """Random inpainting masks [n, size, size] (1 = redraw): 1–2 boxes, sometimes inverted (outpainting)."""
    m = np.zeros((n, size, size), dtype=np.float32)
    for i in range(n):
        for _ in range(int(rng.integers(1, 3))):
            w, h = int(rng.integers(12, 48)), int(rng.integers(12, 48))
            x, y = int(rng.integers(0, size - w + 1)), int(rng.integers(0, size - h + 1))
            m[i, y:y + h, x:x + w] = 1
        if rng.random() < 0.15:
            m[i] = 1 - m[i]
    return m


def latent_mask(pixel_mask):
    """[n, 64, 64] → [n, 1, 8, 8]: the top-left pixel of each 8×8 cell (the pipeline's downsampling)."""
    return pixel_mask[:, None, ::8, ::8]
