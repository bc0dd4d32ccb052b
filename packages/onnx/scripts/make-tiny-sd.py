"""Writes tiny ONNX models with the exact input/output names, ranks and dtypes of real
optimum/diffusers Stable Diffusion exports, plus a tiny single-graph generator with a model card.

    /usr/bin/python3 packages/onnx/scripts/make-tiny-sd.py   # needs Debian python3-onnx + python3-numpy

The outputs go to packages/onnx/test/fixtures/ and are committed (a few hundred KB), so tests and
CI need no Python. The graphs are not trained: they are small deterministic functions of every
input (so classifier-free guidance, the timestep and the mask all change the result), which is
what the pipeline tests need.

Folders written:
- tiny-sd/          fp32, optimum layout: int32 input_ids, int64 timestep [steps], UNet weights as
                    external data (model.onnx + model.onnx_data), PNDM config (SD 1.5 style).
- tiny-sd-fp16/     fp16 everywhere, float16 timestep [batch] (diffusers' legacy --fp16 export),
                    EulerDiscreteScheduler "trailing" (SD-Turbo style), pad token "!" (SD 2.x).
- tiny-sd-inpaint/  9-channel inpainting UNet (latents + mask + masked-image latents).
- tiny-lcm/         LCM UNet with a `timestep_cond` input (guidance embedding), LCMScheduler.
- tiny-generator/   a single-graph generator (words, z -> image) with a Pictor model card.
- tokenizer-cases.json: prompts and the ids a reference CLIP BPE gives with the tiny vocabulary.
"""
import json
import os
import re
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "test", "fixtures")
HIDDEN = 32
SEQ = 77
OPSET = 14
rng = np.random.RandomState(1234)


# ---------------------------------------------------------------------------------------------
# CLIP byte-level BPE: a tiny vocabulary built the way CLIP's is (bytes, bytes + </w>, merges, specials)
# ---------------------------------------------------------------------------------------------
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


CORPUS = (
    "a photo of a cat sitting on the red sofa . an astronaut riding a horse on the moon , "
    "highly detailed painting of a lighthouse at sunset ; a bowl of apples and oranges "
    "portrait of an old man with a beard , oil painting , trending on artstation "
    "a cute corgi puppy in the snow , digital art , 4k , sharp focus , studio lighting "
    "the quick brown fox jumps over the lazy dog's back isn't it ? don't worry"
).lower().split()
PAT = re.compile(r"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[^\W\d_]+|\d|[^\s\w]+", re.IGNORECASE)


def train_merges(words, count):
    b2u = bytes_to_unicode()
    seqs = {}
    for w in words:
        for tok in PAT.findall(w):
            u = "".join(b2u[b] for b in tok.encode("utf-8"))
            seq = tuple(u[:-1]) + (u[-1] + "</w>",)
            seqs[seq] = seqs.get(seq, 0) + 1
    merges = []
    for _ in range(count):
        pairs = {}
        for seq, c in seqs.items():
            for a, b in zip(seq, seq[1:]):
                pairs[(a, b)] = pairs.get((a, b), 0) + c
        if not pairs:
            break
        best = max(sorted(pairs), key=lambda p: pairs[p])
        merges.append(best)
        new = {}
        for seq, c in seqs.items():
            out, i = [], 0
            while i < len(seq):
                if i < len(seq) - 1 and (seq[i], seq[i + 1]) == best:
                    out.append(seq[i] + seq[i + 1])
                    i += 2
                else:
                    out.append(seq[i])
                    i += 1
            new[tuple(out)] = new.get(tuple(out), 0) + c
        seqs = new
    return merges


def build_vocab(merges):
    base = list(bytes_to_unicode().values())
    vocab = base + [v + "</w>" for v in base] + ["".join(m) for m in merges] + ["<|startoftext|>", "<|endoftext|>"]
    return {tok: i for i, tok in enumerate(vocab)}


def reference_bpe(text, vocab, merges, pad_id, max_len=SEQ):
    """The reference tokenization (what the TS tokenizer must reproduce)."""
    b2u = bytes_to_unicode()
    ranks = {m: i for i, m in enumerate(merges)}
    text = re.sub(r"\s+", " ", text).strip().lower()
    ids = []
    for tok in PAT.findall(text):
        u = "".join(b2u[b] for b in tok.encode("utf-8"))
        word = list(u[:-1]) + [u[-1] + "</w>"]
        while len(word) > 1:
            pairs = [(ranks.get((a, b), 1e18), i) for i, (a, b) in enumerate(zip(word, word[1:]))]
            rank, _ = min(pairs)
            if rank == 1e18:
                break
            first, second = merges[int(rank)]
            out, i = [], 0
            while i < len(word):
                if i < len(word) - 1 and word[i] == first and word[i + 1] == second:
                    out.append(first + second)
                    i += 2
                else:
                    out.append(word[i])
                    i += 1
            word = out
        ids.extend(vocab[w] for w in word)
    bos, eos = vocab["<|startoftext|>"], vocab["<|endoftext|>"]
    body = ids[: max_len - 2]
    full = [bos] + body + [eos]
    return {"text": text, "tokens": len(ids), "truncated": len(ids) > max_len - 2, "ids": full + [pad_id] * (max_len - len(full))}


def write_tokenizer(folder, vocab, merges, pad_token):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "vocab.json"), "w") as f:
        json.dump(vocab, f, ensure_ascii=False)
    with open(os.path.join(folder, "merges.txt"), "w") as f:
        f.write("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges))
    special = {"bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "unk_token": "<|endoftext|>", "pad_token": pad_token}
    with open(os.path.join(folder, "special_tokens_map.json"), "w") as f:
        json.dump(special, f, indent=2)
    config = {**special, "model_max_length": SEQ, "do_lower_case": True, "tokenizer_class": "CLIPTokenizer"}
    with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
        json.dump(config, f, indent=2)


# ---------------------------------------------------------------------------------------------
# Graphs
# ---------------------------------------------------------------------------------------------
def const(name, array):
    return numpy_helper.from_array(array, name)


def save(model, path, external=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    onnx.checker.check_model(model)
    if external:
        # Only the float weights go to model.onnx_data, as in real exports (shape constants stay inline).
        from onnx.external_data_helper import convert_model_to_external_data
        convert_model_to_external_data(model, all_tensors_to_one_file=True, location="model.onnx_data", size_threshold=0,
                                       convert_attribute=False)
        for tensor in model.graph.initializer:
            if tensor.data_type not in (TensorProto.FLOAT, TensorProto.FLOAT16):
                tensor.data_location = TensorProto.DEFAULT
                del tensor.external_data[:]
        onnx.save_model(model, path)
    else:
        onnx.save_model(model, path)


def model_of(graph):
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="pictor-tiny-sd")
    m.ir_version = 8
    return m


def text_encoder(vocab_size, ftype, path):
    np_t = np.float16 if ftype == TensorProto.FLOAT16 else np.float32
    emb = (rng.randn(vocab_size, HIDDEN) * 0.5).astype(np_t)
    nodes = [
        helper.make_node("Gather", ["E", "input_ids"], ["last_hidden_state"], axis=0),
        helper.make_node("ReduceMean", ["last_hidden_state"], ["pooler_output"], axes=[1], keepdims=0),
    ]
    graph = helper.make_graph(
        nodes, "text_encoder",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT32, ["batch_size", "sequence_length"])],
        [helper.make_tensor_value_info("last_hidden_state", ftype, ["batch_size", "sequence_length", HIDDEN]),
         helper.make_tensor_value_info("pooler_output", ftype, ["batch_size", HIDDEN])],
        [const("E", emb)])
    save(model_of(graph), path)


def unet(in_ch, ftype, timestep_type, timestep_dims, path, external=False, cond_dim=0):
    np_t = np.float16 if ftype == TensorProto.FLOAT16 else np.float32
    w = (rng.randn(4, in_ch, 1, 1) * 0.4).astype(np_t)
    w[:, :4, 0, 0] += np.eye(4, dtype=np_t) * 0.5  # the output follows the latents
    b = (rng.randn(4) * 0.05).astype(np_t)
    inits = [const("W", w), const("B", b), const("tscale", np.array(0.001, dtype=np_t)),
             const("shape4", np.array([-1, 1, 1, 1], dtype=np.int64)), const("axis3", np.array([3], dtype=np.int64))]
    nodes = [
        helper.make_node("Conv", ["sample", "W", "B"], ["c"]),
        helper.make_node("Cast", ["timestep"], ["tf"], to=ftype),
        helper.make_node("Mul", ["tf", "tscale"], ["ts"]),
        helper.make_node("Reshape", ["ts", "shape4"], ["t4"]),
        helper.make_node("ReduceMean", ["encoder_hidden_states"], ["e3"], axes=[1, 2], keepdims=1),
        helper.make_node("Unsqueeze", ["e3", "axis3"], ["e4"]),
        helper.make_node("Add", ["c", "t4"], ["ct"]),
    ]
    inputs = [
        helper.make_tensor_value_info("sample", ftype, ["batch_size", "num_channels", "height", "width"]),
        helper.make_tensor_value_info("timestep", timestep_type, timestep_dims),
        helper.make_tensor_value_info("encoder_hidden_states", ftype, ["batch_size", "sequence_length", HIDDEN]),
    ]
    if cond_dim:
        inputs.append(helper.make_tensor_value_info("timestep_cond", ftype, ["batch_size", cond_dim]))
        inits.append(const("shapeB", np.array([-1, 1, 1, 1], dtype=np.int64)))
        nodes += [
            helper.make_node("ReduceMean", ["timestep_cond"], ["wc"], axes=[1], keepdims=1),
            helper.make_node("Reshape", ["wc", "shapeB"], ["w4"]),
            helper.make_node("Add", ["e4", "w4"], ["ew"]),
            helper.make_node("Add", ["ct", "ew"], ["out_sample"]),
        ]
    else:
        nodes.append(helper.make_node("Add", ["ct", "e4"], ["out_sample"]))
    graph = helper.make_graph(nodes, "unet", inputs,
                              [helper.make_tensor_value_info("out_sample", ftype, ["batch_size", 4, "height", "width"])], inits)
    save(model_of(graph), path, external)


def vae_decoder(ftype, path):
    np_t = np.float16 if ftype == TensorProto.FLOAT16 else np.float32
    w = (rng.randn(3, 4, 1, 1) * 0.04).astype(np_t)  # latents / 0.18215 are large: keep tanh out of saturation
    inits = [const("W", w), const("roi", np.array([], dtype=np.float32)),
             const("scales", np.array([1, 1, 8, 8], dtype=np.float32))]
    nodes = [
        helper.make_node("Conv", ["latent_sample", "W"], ["c"]),
        helper.make_node("Resize", ["c", "roi", "scales"], ["r"], mode="nearest"),
        helper.make_node("Tanh", ["r"], ["sample"]),
    ]
    graph = helper.make_graph(
        nodes, "vae_decoder",
        [helper.make_tensor_value_info("latent_sample", ftype, ["batch_size", "num_channels_latent", "height_latent", "width_latent"])],
        [helper.make_tensor_value_info("sample", ftype, ["batch_size", "num_channels", "height", "width"])], inits)
    save(model_of(graph), path)


def vae_encoder(ftype, path):
    np_t = np.float16 if ftype == TensorProto.FLOAT16 else np.float32
    w = (rng.randn(4, 3, 1, 1) * 0.6).astype(np_t)
    nodes = [
        helper.make_node("AveragePool", ["sample"], ["p"], kernel_shape=[8, 8], strides=[8, 8]),
        helper.make_node("Conv", ["p", "W"], ["latent_sample"]),
    ]
    graph = helper.make_graph(
        nodes, "vae_encoder",
        [helper.make_tensor_value_info("sample", ftype, ["batch_size", "num_channels", "height", "width"])],
        [helper.make_tensor_value_info("latent_sample", ftype, ["batch_size", 4, "height_latent", "width_latent"])],
        [const("W", w)])
    save(model_of(graph), path)


def write_json(path, value):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(value, f, indent=2)
        f.write("\n")


PNDM = {"_class_name": "PNDMScheduler", "_diffusers_version": "0.6.0", "beta_end": 0.012, "beta_schedule": "scaled_linear",
        "beta_start": 0.00085, "num_train_timesteps": 1000, "set_alpha_to_one": False, "skip_prk_steps": True,
        "steps_offset": 1, "trained_betas": None, "clip_sample": False}
EULER_TURBO = {"_class_name": "EulerDiscreteScheduler", "_diffusers_version": "0.24.0", "beta_end": 0.012,
               "beta_schedule": "scaled_linear", "beta_start": 0.00085, "interpolation_type": "linear",
               "num_train_timesteps": 1000, "prediction_type": "epsilon", "steps_offset": 1,
               "timestep_spacing": "trailing", "trained_betas": None, "use_karras_sigmas": False}
LCM = {"_class_name": "LCMScheduler", "_diffusers_version": "0.22.0", "beta_end": 0.012, "beta_schedule": "scaled_linear",
       "beta_start": 0.00085, "clip_sample": False, "clip_sample_range": 1.0, "num_train_timesteps": 1000,
       "original_inference_steps": 50, "prediction_type": "epsilon", "rescale_betas_zero_snr": False,
       "set_alpha_to_one": True, "steps_offset": 1, "thresholding": False, "timestep_scaling": 10.0,
       "timestep_spacing": "leading", "trained_betas": None}


def sd_folder(name, *, ftype, timestep_type, timestep_dims, scheduler, in_ch=4, external=False, pad="<|endoftext|>",
              cond_dim=0, sample_size=8, with_encoder=True):
    folder = os.path.join(OUT, name)
    shutil.rmtree(folder, ignore_errors=True)
    write_tokenizer(os.path.join(folder, "tokenizer"), VOCAB, MERGES, pad)
    text_encoder(len(VOCAB), ftype, os.path.join(folder, "text_encoder", "model.onnx"))
    unet(in_ch, ftype, timestep_type, timestep_dims, os.path.join(folder, "unet", "model.onnx"), external, cond_dim)
    vae_decoder(ftype, os.path.join(folder, "vae_decoder", "model.onnx"))
    if with_encoder:
        vae_encoder(ftype, os.path.join(folder, "vae_encoder", "model.onnx"))
    write_json(os.path.join(folder, "scheduler", "scheduler_config.json"), scheduler)
    unet_config = {"_class_name": "UNet2DConditionModel", "in_channels": in_ch, "out_channels": 4,
                   "sample_size": sample_size, "cross_attention_dim": HIDDEN}
    if cond_dim:
        unet_config["time_cond_proj_dim"] = cond_dim
    write_json(os.path.join(folder, "unet", "config.json"), unet_config)
    vae_config = {"_class_name": "AutoencoderKL", "latent_channels": 4, "scaling_factor": 0.18215, "sample_size": sample_size * 8}
    write_json(os.path.join(folder, "vae_decoder", "config.json"), vae_config)
    if with_encoder:
        write_json(os.path.join(folder, "vae_encoder", "config.json"), vae_config)
    write_json(os.path.join(folder, "text_encoder", "config.json"),
               {"_class_name": "CLIPTextModel", "hidden_size": HIDDEN, "max_position_embeddings": SEQ, "vocab_size": len(VOCAB)})
    index = {"_class_name": "ORTStableDiffusionPipeline", "_diffusers_version": "0.29.0",
             "scheduler": ["diffusers", scheduler["_class_name"]], "text_encoder": ["optimum", "ORTModelTextEncoder"],
             "tokenizer": ["transformers", "CLIPTokenizer"], "unet": ["optimum", "ORTModelUnet"],
             "vae_decoder": ["optimum", "ORTModelVaeDecoder"], "requires_safety_checker": False}
    if with_encoder:
        index["vae_encoder"] = ["optimum", "ORTModelVaeEncoder"]
    write_json(os.path.join(folder, "model_index.json"), index)


def generator_folder():
    folder = os.path.join(OUT, "tiny-generator")
    shutil.rmtree(folder, ignore_errors=True)
    words = ["red", "apple", "cat", "blue", "star", "heart"]
    V, Z = len(words), 8
    wt = (rng.randn(V, 3) * 1.5).astype(np.float32)
    zt = (rng.randn(Z, 3) * 0.3).astype(np.float32)
    pattern = rng.rand(1, 3, 16, 16).astype(np.float32)
    nodes = [
        helper.make_node("MatMul", ["words", "WT"], ["a"]),
        helper.make_node("MatMul", ["z", "ZT"], ["b"]),
        helper.make_node("Add", ["a", "b"], ["c"]),
        helper.make_node("Reshape", ["c", "shape"], ["c4"]),
        helper.make_node("Mul", ["c4", "P"], ["m"]),
        helper.make_node("Tanh", ["m"], ["image"]),
    ]
    graph = helper.make_graph(
        nodes, "generator",
        [helper.make_tensor_value_info("words", TensorProto.FLOAT, ["N", V]),
         helper.make_tensor_value_info("z", TensorProto.FLOAT, ["N", Z])],
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", 3, 16, 16])],
        [const("WT", wt), const("ZT", zt), const("P", pattern), const("shape", np.array([-1, 3, 1, 1], dtype=np.int64))])
    save(model_of(graph), os.path.join(folder, "weights", "generator.onnx"))
    stopwords = ["a", "an", "the", "of", "please"]
    write_json(os.path.join(folder, "weights", "vocab.json"), {
        "version": 1, "size": V, "words": words, "image_counts": [10] * V, "name_image_counts": [5, 4, 3, 2, 1, 1],
        "stopwords": stopwords, "z_dim": Z,
        "normalization": {"description": "as @pictor/model-emoji's vocab.json", "lowercase": True, "token_regex": "[a-z]+",
                          "dedupe": True, "stopwords": stopwords, "plural_keep": [], "plural_map": {},
                          "plural_rules": [{"suffix": "s", "replace": "", "min_len": 4}]}})
    write_json(os.path.join(folder, "model-card.json"), {
        "name": "tiny-generator", "version": "0.0.1", "task": "text-to-image (test fixture)",
        "image_size": 16, "output_channels": 3, "z_dim": Z, "vocabulary": "weights/vocab.json",
        "inputs": {"words": {"dtype": "float32", "shape": ["N", "V"], "description": "normalised bag of words"},
                   "z": {"dtype": "float32", "shape": ["N", Z], "description": "standard normal noise"}},
        "outputs": {"image": {"dtype": "float32", "shape": ["N", 3, 16, 16], "layout": "NCHW, RGB", "range": [-1, 1]}},
        "weights": {"onnx": {"generator": "weights/generator.onnx", "opset": OPSET}},
        "licence": {"weights": "Apache-2.0"},
    })


MERGES = train_merges(CORPUS, 120)
VOCAB = build_vocab(MERGES)

if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    sd_folder("tiny-sd", ftype=TensorProto.FLOAT, timestep_type=TensorProto.INT64, timestep_dims=["steps"],
              scheduler=PNDM, external=True)
    sd_folder("tiny-sd-fp16", ftype=TensorProto.FLOAT16, timestep_type=TensorProto.FLOAT16, timestep_dims=["batch"],
              scheduler=EULER_TURBO, pad="!")
    sd_folder("tiny-sd-inpaint", ftype=TensorProto.FLOAT, timestep_type=TensorProto.INT64, timestep_dims=["steps"],
              scheduler=PNDM, in_ch=9)
    sd_folder("tiny-lcm", ftype=TensorProto.FLOAT, timestep_type=TensorProto.INT64, timestep_dims=["steps"],
              scheduler=LCM, cond_dim=8, with_encoder=False)
    generator_folder()
    prompts = [
        "a photo of a cat",
        "An astronaut riding a horse on the moon, highly detailed!",
        "  the   quick brown fox's   tail  ",
        "digital art, 4k",
        "unknownword zebra 123 ☃",
        "a " + "very " * 80 + "long prompt",
    ]
    cases = {"sd": [reference_bpe(p, VOCAB, MERGES, VOCAB["<|endoftext|>"]) for p in prompts],
             "sd2": [reference_bpe(p, VOCAB, MERGES, VOCAB["!"]) for p in prompts]}
    write_json(os.path.join(OUT, "tokenizer-cases.json"), cases)
    print("vocab", len(VOCAB), "merges", len(MERGES))
