"""Exports checkpoints/sd_ema_latest.pt as a diffusers-layout ONNX folder (../emoji-sd/).

The folder is written to a temp dir and swapped in. Opset 14, fp32.
"""
import argparse
import json
import os
import shutil
import tempfile

import torch

from sd_common import (HERE, LATENT, LATENT_CH, MAX_TOKENS, PKG, SCHEDULER_CONFIG, SIZE, TEXT_DIM, TextEncoder,
                       UNet, VaeDecoder, VaeEncoder)

CKPT = os.path.join(HERE, "checkpoints")
OUT = os.path.join(PKG, "emoji-sd")


class UNetOnnx(torch.nn.Module):
    def __init__(self, unet):
        super().__init__()
        self.unet = unet

    def forward(self, sample, timestep, encoder_hidden_states):
        return self.unet(sample, timestep, encoder_hidden_states)


def load_models(path):
    ck = torch.load(path)
    if "ema_unet" in ck:  # the compact resumable checkpoint (sd_resume.pt)
        full = lambda d: {k: v.float() if v.dtype == torch.float16 else v for k, v in d.items()}  # noqa: E731
        ck = ck | {"unet": full(ck["ema_unet"]), "text": full(ck["ema_text"]),
                   "vocab_size": len(json.load(open(os.path.join(CKPT, "tokenizer", "vocab.json"))))}
    enc, dec = VaeEncoder(), VaeDecoder()
    enc.load_state_dict(ck["enc"]); dec.load_state_dict(ck["dec"])
    unet = UNet(ch=ck["arch"]["ch"], ch2=ck["arch"]["ch2"])
    unet.load_state_dict(ck["unet"])
    text = TextEncoder(ck["vocab_size"])
    text.load_state_dict(ck["text"])
    for m in (enc, dec, unet, text):
        m.eval()
    return ck, enc, dec, unet, text


def export(ck, enc, dec, unet, text, out_dir):
    def onnx(model, args, path, inputs, outputs, axes):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        torch.onnx.export(model, args, path, input_names=inputs, output_names=outputs, dynamic_axes=axes,
                          opset_version=14, do_constant_folding=True)

    # requires_grad stays on so that torch's fused inference fast paths (not exportable) are not taken.
    V = ck["vocab_size"]
    ids = torch.zeros(1, MAX_TOKENS, dtype=torch.int32)
    onnx(text, (ids,), os.path.join(out_dir, "text_encoder", "model.onnx"), ["input_ids"], ["last_hidden_state"],
         {"input_ids": {0: "batch"}, "last_hidden_state": {0: "batch"}})
    sample = torch.randn(2, 9, LATENT, LATENT)
    onnx(UNetOnnx(unet), (sample, torch.tensor([500.0]), torch.randn(2, MAX_TOKENS, TEXT_DIM)),
         os.path.join(out_dir, "unet", "model.onnx"), ["sample", "timestep", "encoder_hidden_states"],
         ["out_sample"], {"sample": {0: "batch", 2: "height", 3: "width"}, "encoder_hidden_states": {0: "batch"},
                          "out_sample": {0: "batch", 2: "height", 3: "width"}})
    onnx(enc, (torch.randn(1, 3, SIZE, SIZE),), os.path.join(out_dir, "vae_encoder", "model.onnx"), ["sample"],
         ["latent_sample"], {"sample": {0: "batch", 2: "height", 3: "width"},
                             "latent_sample": {0: "batch", 2: "latent_height", 3: "latent_width"}})
    onnx(dec, (torch.randn(1, LATENT_CH, LATENT, LATENT),), os.path.join(out_dir, "vae_decoder", "model.onnx"),
         ["latent_sample"], ["sample"], {"latent_sample": {0: "batch", 2: "latent_height", 3: "latent_width"},
                                         "sample": {0: "batch", 2: "height", 3: "width"}})

    def dump(obj, *parts):
        with open(os.path.join(out_dir, *parts), "w") as f:
            json.dump(obj, f, indent=2)
            f.write("\n")

    dump({"_class_name": "OnnxStableDiffusionInpaintPipeline", "_diffusers_version": "0.30.0",
          "_name_or_path": "pictor/emoji-sd",
          "feature_extractor": [None, None], "safety_checker": [None, None], "requires_safety_checker": False,
          "scheduler": ["diffusers", SCHEDULER_CONFIG["_class_name"]],
          "text_encoder": ["diffusers", "OnnxRuntimeModel"], "tokenizer": ["transformers", "CLIPTokenizer"],
          "unet": ["diffusers", "OnnxRuntimeModel"], "vae_decoder": ["diffusers", "OnnxRuntimeModel"],
          "vae_encoder": ["diffusers", "OnnxRuntimeModel"]}, "model_index.json")
    os.makedirs(os.path.join(out_dir, "scheduler"), exist_ok=True)
    dump(SCHEDULER_CONFIG, "scheduler", "scheduler_config.json")
    dump({"_class_name": "UNet2DConditionModel", "in_channels": 9, "out_channels": LATENT_CH,
          "sample_size": LATENT, "cross_attention_dim": TEXT_DIM,
          "block_out_channels": [ck["arch"]["ch"], ck["arch"]["ch2"]], "pictor_training_step": ck["step"]},
         "unet", "config.json")
    vae = {"_class_name": "AutoencoderKL", "in_channels": 3, "out_channels": 3, "latent_channels": LATENT_CH,
           "sample_size": SIZE, "scaling_factor": round(float(ck["scale"]), 6)}
    dump(vae, "vae_encoder", "config.json")
    dump(vae, "vae_decoder", "config.json")
    dump({"_class_name": "PictorTextTransformer", "vocab_size": V, "hidden_size": TEXT_DIM,
          "max_position_embeddings": MAX_TOKENS, "num_hidden_layers": len(text.blocks)},
         "text_encoder", "config.json")
    shutil.copytree(os.path.join(CKPT, "tokenizer"), os.path.join(out_dir, "tokenizer"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.join(CKPT, "sd_ema_latest.pt"))
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()
    torch.set_num_threads(1)
    ck, enc, dec, unet, text = load_models(args.ckpt)
    if ck["phase"] != "unet":
        raise SystemExit("the checkpoint has no trained UNet yet")
    tmp = tempfile.mkdtemp(prefix=".emoji-sd-", dir=os.path.dirname(args.out))
    export(ck, enc, dec, unet, text, tmp)
    old = args.out + ".old"
    if os.path.exists(args.out):
        os.replace(args.out, old)
    os.replace(tmp, args.out)
    shutil.rmtree(old, ignore_errors=True)
    os.chmod(args.out, 0o755)
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(args.out) for f in fs)
    print(f"exported step {ck['step']} to {args.out}: {total} bytes")


if __name__ == "__main__":
    main()
