"""Shared code for @pictor/model-emoji training: text normalisation, dataset, models.

Run everything with Debian's /usr/bin/python3 (torch 1.13) and OPENBLAS_NUM_THREADS=1.
"""
import json
import os
import re

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.dirname(HERE)

# ---------------------------------------------------------------------------
# Text normalisation. The TypeScript side reimplements EXACTLY these rules; they
# are written verbatim into weights/vocab.json ("normalization").
# ---------------------------------------------------------------------------
STOPWORDS = sorted({
    "a", "an", "the", "of", "with", "and", "on", "in", "at", "to", "for", "from", "by",
    "or", "as", "into", "onto", "over", "some", "very", "is", "are", "be", "its", "it",
    "this", "that", "these", "those", "my", "your", "picture", "image", "emoji", "icon",
    "please", "draw", "show", "me", "make", "style",
})
# Words that must never be plural-folded (checked first).
PLURAL_KEEP = sorted({
    "bus", "glasses", "sunglasses", "dress", "chess", "news", "lens", "gas", "yes", "plus",
    "us", "his", "this", "cactus", "octopus", "virus", "circus", "lotus", "hibiscus", "walrus",
    "christmas", "canvas", "atlas", "bonus", "kiss", "mass", "grass", "glass", "cross", "dress",
    "pants", "shorts", "scissors", "clothes", "jeans", "series", "species", "mars", "venus",
    "uranus", "taurus", "aquarius", "pisces", "aries", "gemini", "sagittarius", "lens", "canvas",
    "abacus", "hippopotamus", "rhinoceros", "asparagus", "ms", "os", "tennis", "billiards",
    "dominoes", "dice", "mahjong", "diving", "mrs", "ox", "as", "is", "has", "was",
})
# Irregular / ambiguous plurals, mapped explicitly (checked second).
PLURAL_MAP = {
    "cookies": "cookie", "movies": "movie", "zombies": "zombie", "smoothies": "smoothie",
    "selfies": "selfie", "genies": "genie", "pies": "pie", "ties": "tie", "lies": "lie",
    "brownies": "brownie", "mice": "mouse", "feet": "foot", "teeth": "tooth", "men": "man",
    "women": "woman", "children": "child", "people": "person", "geese": "goose",
    "leaves": "leaf", "knives": "knife", "wolves": "wolf", "loaves": "loaf", "calves": "calf",
    "halves": "half", "shelves": "shelf", "potatoes": "potato", "tomatoes": "tomato",
    "mangoes": "mango", "heroes": "hero", "volcanoes": "volcano", "tornadoes": "tornado",
    "fries": "fry", "berries": "berry", "cherries": "cherry", "strawberries": "strawberry",
    "blueberries": "blueberry", "puppies": "puppy", "babies": "baby", "ladies": "lady",
    "bunnies": "bunny", "butterflies": "butterfly", "candies": "candy", "kitties": "kitty",
    "fairies": "fairy", "flies": "fly", "skies": "sky", "cities": "city", "parties": "party",
    "oxen": "ox", "dice": "dice", "fish": "fish", "sheep": "sheep", "deer": "deer",
}
# Ordered suffix rules, applied to words not in PLURAL_KEEP / PLURAL_MAP; the first rule
# whose suffix matches AND whose min_len <= len(word) is applied (suffix replaced), then stop.
PLURAL_RULES = [
    {"suffix": "ies", "replace": "y", "min_len": 5},
    {"suffix": "sses", "replace": "ss", "min_len": 5},
    {"suffix": "shes", "replace": "sh", "min_len": 5},
    {"suffix": "ches", "replace": "ch", "min_len": 5},
    {"suffix": "xes", "replace": "x", "min_len": 4},
    {"suffix": "zzes", "replace": "zz", "min_len": 5},
    {"suffix": "ss", "replace": "ss", "min_len": 1},  # "ss" ending: keep as is
    {"suffix": "us", "replace": "us", "min_len": 1},  # "us" ending: keep as is
    {"suffix": "is", "replace": "is", "min_len": 1},  # "is" ending: keep as is
    {"suffix": "s", "replace": "", "min_len": 4},
]
TOKEN_RE = r"[a-z]+"

NORMALIZATION_SPEC = {
    "description": (
        "normalize(text): lowercase the text; take every match of the regex [a-z]+ in order "
        "(all other characters are separators; digits are dropped); drop words in 'stopwords'; "
        "fold each remaining word: if it is in 'plural_keep' keep it; else if it is a key of "
        "'plural_map' replace it with the mapped word; else apply the first rule in 'plural_rules' "
        "whose suffix the word ends with and with len(word) >= min_len (replace that suffix by "
        "'replace'); else keep it. Then drop words not in 'words'. Bag-of-words input: for the "
        "remaining word list (with repeats removed), words_input[i] = 1/count for each known word "
        "index i, 0 elsewhere. An empty list gives the all-zero vector."
    ),
    "lowercase": True,
    "token_regex": TOKEN_RE,
    "dedupe": True,
}


def fold_plural(w):
    if w in PLURAL_KEEP:
        return w
    if w in PLURAL_MAP:
        return PLURAL_MAP[w]
    for r in PLURAL_RULES:
        if w.endswith(r["suffix"]) and len(w) >= r["min_len"]:
            return w[: len(w) - len(r["suffix"])] + r["replace"]
    return w


_STOP = set(STOPWORDS)


def normalize(text):
    """text -> list of normalised words (not yet filtered by vocabulary), deduped, ordered."""
    out = []
    for w in re.findall(TOKEN_RE, text.lower()):
        if w in _STOP:
            continue
        w = fold_plural(w)
        if w in _STOP or not w:
            continue
        if w not in out:
            out.append(w)
    return out


# ---------------------------------------------------------------------------
# Dataset
# ---------------------------------------------------------------------------
TONES = {
    "1F3FB": ["light"],
    "1F3FC": ["medium", "light"],
    "1F3FD": ["medium"],
    "1F3FE": ["medium", "dark"],
    "1F3FF": ["dark"],
}
VENDORS = [("google", "emoji-datasource-google"), ("twitter", "emoji-datasource-twitter")]


def default_data_dir():
    return os.path.join(PKG, "node_modules")


def load_png_32(path):
    from PIL import Image
    im = Image.open(path).convert("RGBA")
    if im.size != (64, 64):
        im = im.resize((64, 64), Image.BILINEAR)
    a = np.asarray(im).astype(np.float32) / 255.0
    rgb = a[..., :3] * a[..., 3:4] + (1.0 - a[..., 3:4])  # composite on white
    rgb = rgb.reshape(32, 2, 32, 2, 3).mean(axis=(1, 3))  # 2x2 area downsample
    return np.clip(np.round(rgb * 255.0), 0, 255).astype(np.uint8)


def build_dataset(data_dir, cache_path=None):
    """Returns dict: images uint8 [N,32,32,3], caption words (list of list), name words,
    emoji ids, vendors, vocab list."""
    if cache_path and os.path.exists(cache_path):
        z = np.load(cache_path, allow_pickle=True)
        return z["meta"].item() | {"images": z["images"]}
    meta_json = json.load(open(os.path.join(data_dir, "emoji-datasource-google", "emoji.json")))
    images, caps, names, ids, vendors, emoji_names = [], [], [], [], [], []
    for e in meta_json:
        base_name_words = normalize(e["name"] or "") + normalize(" ".join(e.get("short_names") or []))
        base_name_words = list(dict.fromkeys(base_name_words))
        cat_words = normalize((e.get("category") or "").replace("&", " ")) + normalize(
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
                images.append(load_png_32(p))
                name_w = list(dict.fromkeys(base_name_words + tone_words))
                cap = list(dict.fromkeys(name_w + cat_words))
                caps.append(cap)
                names.append(name_w)
                ids.append(info.get("unified") or e["unified"])
                vendors.append(vendor)
                emoji_names.append(nm)
    vocab_count = {}
    for c in caps:
        for w in c:
            vocab_count[w] = vocab_count.get(w, 0) + 1
    vocab = sorted(vocab_count.keys(), key=lambda w: (-vocab_count[w], w))
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


def words_vector(words, w2i, V):
    v = np.zeros(V, dtype=np.float32)
    idx = [w2i[w] for w in dict.fromkeys(words) if w in w2i]
    if idx:
        v[idx] = 1.0 / len(idx)
    return v


def prompt_vector(text, w2i, V):
    return words_vector(normalize(text), w2i, V)


class BagSampler:
    """Samples training word bags from captions with word dropout so that short prompts
    ("elephant", "red apple") and full captions are both in-distribution."""

    def __init__(self, ds, w2i, V, rng):
        self.caps = [[w2i[w] for w in c if w in w2i] for c in ds["captions"]]
        self.names = [[w2i[w] for w in c if w in w2i] for c in ds["names"]]
        self.V = V
        self.rng = rng

    def bag(self, i):
        r = self.rng.random()
        cap, nm = self.caps[i], self.names[i]
        if r < 0.3 or not nm:
            words = cap
        else:
            k = int(self.rng.integers(1, min(3, len(nm)) + 1))
            words = list(self.rng.choice(nm, size=k, replace=False))
            for w in cap:
                if w not in words and self.rng.random() < 0.15:
                    words.append(w)
        v = np.zeros(self.V, dtype=np.float32)
        v[list(set(words))] = 1.0 / len(set(words))
        return v

    def batch(self, idx):
        return np.stack([self.bag(i) for i in idx])


# ---------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

ZDIM = 64


class CBN(nn.Module):
    """Affine-free BatchNorm + per-channel (1+gamma, beta) predicted from cond=[text, z]."""

    def __init__(self, C, cdim):
        super().__init__()
        self.bn = nn.BatchNorm2d(C, affine=False, momentum=0.05)
        self.lin = nn.Linear(cdim, 2 * C)
        nn.init.zeros_(self.lin.weight)
        nn.init.zeros_(self.lin.bias)

    def forward(self, h, cond):
        gb = self.lin(cond)
        g, b = gb.chunk(2, dim=1)
        return self.bn(h) * (1 + g[:, :, None, None]) + b[:, :, None, None]


class Generator(nn.Module):
    def __init__(self, V, ch=(128, 128, 64, 32), edim=64, tdim=128):
        super().__init__()
        self.V, self.ch = V, ch
        self.emb = nn.Parameter(torch.randn(V, edim) * 0.3)  # words[N,V] @ emb -> mean embedding
        self.tproj = nn.Linear(edim, tdim)
        cdim = tdim + ZDIM
        self.fc = nn.Linear(cdim, ch[0] * 16)
        self.cbn0 = CBN(ch[0], cdim)
        self.convs = nn.ModuleList([nn.Conv2d(ch[i], ch[i + 1], 3, 1, 1) for i in range(3)])
        self.cbns = nn.ModuleList([CBN(ch[i + 1], cdim) for i in range(3)])
        self.out = nn.Conv2d(ch[3], 3, 3, 1, 1)

    def text(self, words):
        return F.leaky_relu(self.tproj(words @ self.emb), 0.2)

    def forward(self, words, z):
        cond = torch.cat([self.text(words), z], dim=1)
        h = self.fc(cond).view(-1, self.ch[0], 4, 4)
        h = F.relu(self.cbn0(h, cond))
        for conv, cbn in zip(self.convs, self.cbns):
            h = F.interpolate(h, scale_factor=2, mode="nearest")
            h = F.relu(cbn(conv(h), cond))
        return torch.tanh(self.out(h))


SN = nn.utils.spectral_norm


class Discriminator(nn.Module):
    def __init__(self, V, ch=(64, 128, 256), edim=64):
        super().__init__()
        self.c0 = SN(nn.Conv2d(3, ch[0] // 2, 3, 1, 1))
        self.c1 = SN(nn.Conv2d(ch[0] // 2, ch[0], 4, 2, 1))  # 16
        self.c2 = SN(nn.Conv2d(ch[0], ch[1], 4, 2, 1))  # 8
        self.c3 = SN(nn.Conv2d(ch[1], ch[2], 4, 2, 1))  # 4
        self.c4 = SN(nn.Conv2d(ch[2], ch[2], 3, 1, 1))
        self.lin = SN(nn.Linear(ch[2], 1))
        self.emb = nn.Parameter(torch.randn(V, edim) * 0.3)
        self.proj = SN(nn.Linear(edim, ch[2]))

    def features(self, x):
        h = F.leaky_relu(self.c0(x), 0.2)
        h = F.leaky_relu(self.c1(h), 0.2)
        h = F.leaky_relu(self.c2(h), 0.2)
        h = F.leaky_relu(self.c3(h), 0.2)
        h = F.leaky_relu(self.c4(h), 0.2)
        return h.sum(dim=(2, 3))

    def head(self, h, words):
        t = self.proj(words @ self.emb)
        return self.lin(h).squeeze(1) + (t * h).sum(1)

    def forward(self, x, words):
        return self.head(self.features(x), words)


# DiffAugment (Zhao et al. 2020): colour, translation, cutout; same policy for real and fake.
def diff_augment(x):
    n = x.size(0)
    x = x + (torch.rand(n, 1, 1, 1) - 0.5)  # brightness
    m = x.mean(dim=1, keepdim=True)
    x = (x - m) * (torch.rand(n, 1, 1, 1) * 2) + m  # saturation
    m = x.mean(dim=[1, 2, 3], keepdim=True)
    x = (x - m) * (torch.rand(n, 1, 1, 1) + 0.5) + m  # contrast
    # translation by up to 1/8 of the size, zero (i.e. grey) padded
    H = x.size(2)
    s = H // 8
    tx = torch.randint(-s, s + 1, (n, 1, 1))
    ty = torch.randint(-s, s + 1, (n, 1, 1))
    gb, gx, gy = torch.meshgrid(torch.arange(n), torch.arange(H), torch.arange(H), indexing="ij")
    gx = torch.clamp(gx + tx + 1, 0, H + 1)
    gy = torch.clamp(gy + ty + 1, 0, H + 1)
    xp = F.pad(x, [1, 1, 1, 1, 0, 0, 0, 0])
    x = xp.permute(0, 2, 3, 1)[gb, gx, gy].permute(0, 3, 1, 2)
    # cutout of half size
    c = H // 2
    ox = torch.randint(0, H + (1 - c % 2), (n, 1, 1))
    oy = torch.randint(0, H + (1 - c % 2), (n, 1, 1))
    gb, gx, gy = torch.meshgrid(torch.arange(n), torch.arange(c), torch.arange(c), indexing="ij")
    gx = torch.clamp(gx + ox - c // 2, 0, H - 1)
    gy = torch.clamp(gy + oy - c // 2, 0, H - 1)
    mask = torch.ones(n, H, H)
    mask[gb, gx, gy] = 0
    return x * mask.unsqueeze(1)


# ---------------------------------------------------------------------------
# Dual encoder ("tiny CLIP")
# ---------------------------------------------------------------------------
class ClipImage(nn.Module):
    def __init__(self, D=128):
        super().__init__()
        self.c1 = nn.Conv2d(3, 32, 3, 1, 1)
        self.c2 = nn.Conv2d(32, 64, 3, 2, 1)  # 16
        self.c3 = nn.Conv2d(64, 128, 3, 2, 1)  # 8
        self.c4 = nn.Conv2d(128, 128, 3, 2, 1)  # 4
        self.fc = nn.Linear(128 * 16, D)

    def forward(self, x):
        h = F.relu(self.c1(x))
        h = F.relu(self.c2(h))
        h = F.relu(self.c3(h))
        h = F.relu(self.c4(h))
        h = self.fc(h.flatten(1))
        return F.normalize(h, dim=1)


class ClipText(nn.Module):
    def __init__(self, V, D=128, edim=128):
        super().__init__()
        self.emb = nn.Parameter(torch.randn(V, edim) * 0.1)
        self.fc1 = nn.Linear(edim, 256)
        self.fc2 = nn.Linear(256, D)

    def forward(self, words):
        h = F.relu(self.fc1(words @ self.emb))
        return F.normalize(self.fc2(h), dim=1)


def atomic_torch_save(obj, path):
    tmp = path + ".tmp"
    torch.save(obj, tmp)
    os.replace(tmp, path)


def to_tensor_images(u8):
    """uint8 [N,32,32,3] -> float [N,3,32,32] in [-1,1]"""
    return torch.from_numpy(u8).permute(0, 3, 1, 2).float().div(127.5).sub(1.0)


GRID_PROMPTS = ["elephant", "red apple", "cat face", "rocket", "pizza", "heart", "tree", "car",
                "smiling face", "sun"]
