"""checkpoints/sd_latest.pt (full, with optimiser state) → checkpoints/sd_resume.pt (compact, committed)."""
import os

import torch

from train import CKPT, pack
from sd_common import atomic_torch_save

if __name__ == "__main__":
    state = torch.load(os.path.join(CKPT, "sd_latest.pt"))
    atomic_torch_save(pack(state), os.path.join(CKPT, "sd_resume.pt"))
    print(f"sd_resume.pt: {os.path.getsize(os.path.join(CKPT, 'sd_resume.pt'))} bytes, step {state['step']}")
