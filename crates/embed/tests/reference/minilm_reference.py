"""Reference values for crates/embed/tests/minilm.rs, from an independent implementation.

Tokenises with the Hugging Face `tokenizers` library (the model's own tokenizer.json) and runs
BERT in plain numpy from model.safetensors, then mean-pools and normalises as
sentence-transformers does. Regenerate the fixture with:

    python3 -m pip install numpy safetensors tokenizers
    python3 crates/embed/tests/reference/minilm_reference.py MODEL_DIR \
        > crates/embed/tests/reference/minilm.json

MODEL_DIR is the all-MiniLM-L6-v2 folder of `echotrace models status`.
"""

import json
import math
import sys

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

# Sentences written for this test: news register, quotes, dashes, accents, digits, a URL.
SENTENCES = [
    "The ministry said the White Helmets are preparing a provocation in Idlib.",
    "Officials in Douma denied that any chemical attack had taken place.",
    "“It was staged,” the envoy told reporters — without offering evidence.",
    "Café owners in Zürich reported 1,250 complaints on 3/11/2018.",
    "See https://example.org/report?id=42 for the full OPCW findings!",
    "al-Nusra, Jabhat Fateh al-Sham and HTS are names of one group.",
    "Rain.",
]


def layer_norm(x, w, b, eps=1e-12):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def gelu(x):
    erf = np.vectorize(math.erf)
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def embed(weights, ids):
    t = lambda name: weights[name].astype(np.float64)
    n = len(ids)
    x = t("embeddings.word_embeddings.weight")[ids]
    x = x + t("embeddings.position_embeddings.weight")[:n]
    x = x + t("embeddings.token_type_embeddings.weight")[0]
    x = layer_norm(x, t("embeddings.LayerNorm.weight"), t("embeddings.LayerNorm.bias"))
    heads, size = 12, 32
    for i in range(6):
        p = f"encoder.layer.{i}."
        lin = lambda h, name: h @ t(p + name + ".weight").T + t(p + name + ".bias")
        q = lin(x, "attention.self.query").reshape(n, heads, size).transpose(1, 0, 2)
        k = lin(x, "attention.self.key").reshape(n, heads, size).transpose(1, 0, 2)
        v = lin(x, "attention.self.value").reshape(n, heads, size).transpose(1, 0, 2)
        scores = q @ k.transpose(0, 2, 1) / math.sqrt(size)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        probs = scores / scores.sum(-1, keepdims=True)
        context = (probs @ v).transpose(1, 0, 2).reshape(n, heads * size)
        x = layer_norm(
            lin(context, "attention.output.dense") + x,
            t(p + "attention.output.LayerNorm.weight"),
            t(p + "attention.output.LayerNorm.bias"),
        )
        inner = gelu(lin(x, "intermediate.dense"))
        x = layer_norm(
            lin(inner, "output.dense") + x,
            t(p + "output.LayerNorm.weight"),
            t(p + "output.LayerNorm.bias"),
        )
    pooled = x.mean(0)
    return pooled / np.linalg.norm(pooled)


def main():
    model_dir = sys.argv[1]
    tokenizer = Tokenizer.from_file(f"{model_dir}/tokenizer.json")
    tokenizer.no_padding()
    tokenizer.no_truncation()
    weights = load_file(f"{model_dir}/model.safetensors")
    cases = []
    for sentence in SENTENCES:
        ids = tokenizer.encode(sentence).ids
        vector = embed(weights, ids)
        cases.append({"text": sentence, "ids": ids, "embedding": [round(float(x), 6) for x in vector]})
    print("[")
    print(",\n".join(json.dumps(case, ensure_ascii=False) for case in cases))
    print("]")


if __name__ == "__main__":
    main()
