"""Reference sampler for emoji-sd in PyTorch, written from the published formulas, not from the TypeScript:

- noise schedule: β linear in √β from β_start to β_end (SD's "scaled_linear"), ᾱ_t = ∏(1 − β);
- Euler: Karras et al. 2022 (EDM), algorithm 2 with s_churn = 0, on σ = √((1 − ᾱ)/ᾱ), with diffusers'
  `linspace` timesteps t_i = linspace(0, T−1, N) reversed, σ_i interpolated at t_i, σ_N = 0,
  x_0 = ε·σ_0, model input x/√(σ² + 1), d = (x − (x − σ ε̂))/σ, x ← x + d (σ_{i+1} − σ_i);
- Euler ancestral: k-diffusion's `sample_euler_ancestral` (Crowson): σ_up = √(σ_{i+1}²(σ_i² − σ_{i+1}²)/σ_i²),
  σ_down = √(σ_{i+1}² − σ_up²), x ← x + d (σ_down − σ_i) + σ_up z;
- DDIM: Song et al. 2021, eq. 12: x_prev = √ᾱ_prev x̂₀ + √(1 − ᾱ_prev − σ²) ε̂ + σ z with
  σ = η √((1 − ᾱ_prev)/(1 − ᾱ_t)) √(1 − ᾱ_t/ᾱ_prev); timesteps round(linspace(0, T−1, N)) reversed,
  t_prev = t − ⌊T/N⌋ (ᾱ_prev = ᾱ_0 past the start, `set_alpha_to_one` false);
- classifier-free guidance (Ho & Salimans 2021): ε̂ = ε_u + w (ε_c − ε_u), the unconditional prompt "";
- img2img (SDEdit, Meng et al. 2022): start at step N − ⌊N·strength⌋ with the encoded image noised to it;
- inpainting (9-channel UNet, as SD-inpainting): UNet input [x, mask↓8 (nearest), E(image·(mask < 0.5))·scale];
  text-to-image on it: mask everywhere and E(0)·scale.

Noise: Pictor's documented recipe (mulberry32 → uniforms (u + 0.5)/2³² → Box–Muller, both outputs), so the
same seed gives the same noise here and in the SDK: image n of a call with seed s starts from noise(s + n),
the fresh noise of step i is noise((s + n + (i + 1)·0x9E3779B9) mod 2³²).
"""
import math

import numpy as np
import torch

from sd_common import LATENT_CH, SCHEDULER_CONFIG, alphas_cumprod_np

M32 = 0xFFFFFFFF


def mulberry32(seed):
    state = seed & M32

    def nxt():
        nonlocal state
        state = (state + 0x6D2B79F5) & M32
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & M32
        t = (t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & M32)) & M32)) & M32
        return (t ^ (t >> 14)) & M32

    return nxt


def seeded_normal(seed, count):
    nxt = mulberry32(seed)
    out = np.zeros(count, dtype=np.float32)
    for i in range(0, count, 2):
        u1 = (nxt() + 0.5) / 4294967296.0
        u2 = (nxt() + 0.5) / 4294967296.0
        r = math.sqrt(-2.0 * math.log(u1))
        out[i] = r * math.cos(2 * math.pi * u2)
        if i + 1 < count:
            out[i + 1] = r * math.sin(2 * math.pi * u2)
    return out


def step_seed(seed, index):
    return (seed + (index + 1) * 0x9E3779B9) & M32


class Reference:
    def __init__(self, tokenizer, text, unet, enc, dec, scale, cfg=SCHEDULER_CONFIG):
        self.tokenizer, self.text, self.unet, self.enc, self.dec = tokenizer, text, unet, enc, dec
        self.scale = scale
        self.T = cfg["num_train_timesteps"]
        self.acp = alphas_cumprod_np(cfg)  # float64

    @torch.no_grad()
    def embed(self, prompt):
        return self.text(torch.tensor([self.tokenizer(prompt)]))

    @torch.no_grad()
    def eps(self, x, t, cond, uncond, guidance, extra):
        """x: [n, 4, h, w] (already scaled for the model); extra: [n, 5, h, w] mask + masked latents."""
        n = x.shape[0]
        inp = torch.cat([x, extra], 1).float()
        ts = torch.tensor([float(t)], dtype=torch.float32)
        if guidance > 1:
            ctx = torch.cat([uncond.repeat(n, 1, 1), cond.repeat(n, 1, 1)])
            out = self.unet(torch.cat([inp, inp]), ts, ctx).double()
            u, c = out[:n], out[n:]
            return u + guidance * (c - u)
        return self.unet(inp, ts, cond.repeat(n, 1, 1)).double()

    @torch.no_grad()
    def encode(self, image):
        """image: [3, H, W] in [-1, 1] → [4, h, w] scaled latents."""
        return self.enc(image[None].float())[0].double() * self.scale

    def sample(self, prompt, seed, count=1, steps=20, guidance=5.0, scheduler="euler", eta=0.0, image=None,
               mask=None, strength=1.0, size=64):
        h = w = size // 8
        L = LATENT_CH * h * w
        cond = self.embed(prompt)
        uncond = self.embed("")
        noise = torch.from_numpy(np.stack([seeded_normal((seed + n) & M32, L) for n in range(count)])).double()
        noise = noise.view(count, LATENT_CH, h, w)

        def fresh(i):
            return torch.from_numpy(np.stack([seeded_normal(step_seed((seed + n) & M32, i), L)
                                              for n in range(count)])).double().view(count, LATENT_CH, h, w)

        if mask is not None:
            m = torch.from_numpy(mask).double()
            masked = image * (m < 0.5).to(image.dtype)[None]
            extra_mask = m[::8, ::8][None, None]
            extra_lat = self.encode(masked)[None]
        else:
            extra_mask = torch.ones(1, 1, h, w, dtype=torch.float64)
            extra_lat = self.encode(torch.zeros(3, size, size, dtype=torch.float64))[None]
        extra = torch.cat([extra_mask, extra_lat], 1).repeat(count, 1, 1, 1)
        start = 0
        x0_image = None
        if image is not None and (mask is None or strength < 1):
            start = steps - min(int(math.floor(steps * strength)), steps)
            x0_image = self.encode(image)[None].repeat(count, 1, 1, 1)

        acp = self.acp
        if scheduler in ("euler", "euler-ancestral"):
            ts = np.linspace(0, self.T - 1, steps)[::-1].copy()
            train_sigmas = np.sqrt((1 - acp) / acp)
            sig = np.concatenate([np.interp(ts, np.arange(self.T), train_sigmas), [0.0]])
            if x0_image is not None:
                x = x0_image + noise * sig[start]
            else:
                x = noise * sig.max()
            for i in range(start, steps):
                s, s_next = sig[i], sig[i + 1]
                e = self.eps(x / math.sqrt(s * s + 1), ts[i], cond, uncond, guidance, extra)
                d = (x - (x - s * e)) / s
                if scheduler == "euler":
                    x = x + d * (s_next - s)
                else:
                    up = math.sqrt(s_next ** 2 * (s ** 2 - s_next ** 2) / s ** 2)
                    down = math.sqrt(s_next ** 2 - up ** 2)
                    x = x + d * (down - s)
                    if up > 0:
                        x = x + fresh(i) * up
            return x
        if scheduler == "ddim":
            ts = np.round(np.linspace(0, self.T - 1, steps))[::-1].astype(np.int64)
            stride = self.T // steps
            if x0_image is not None:
                a = acp[ts[start]]
                x = math.sqrt(a) * x0_image + math.sqrt(1 - a) * noise
            else:
                x = noise.clone()
            for i in range(start, steps):
                t = int(ts[i])
                a = acp[t]
                a_prev = acp[t - stride] if t - stride >= 0 else acp[0]
                e = self.eps(x, t, cond, uncond, guidance, extra)
                x0 = (x - math.sqrt(1 - a) * e) / math.sqrt(a)
                sigma = eta * math.sqrt((1 - a_prev) / (1 - a)) * math.sqrt(1 - a / a_prev)
                x = math.sqrt(a_prev) * x0 + math.sqrt(max(1 - a_prev - sigma ** 2, 0)) * e
                if sigma > 0:
                    x = x + sigma * fresh(i)
            return x
        raise ValueError(scheduler)

    @torch.no_grad()
    def decode(self, latents):
        return self.dec((latents / self.scale).float())
