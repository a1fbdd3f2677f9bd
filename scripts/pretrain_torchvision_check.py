#!/usr/bin/env python3
"""Checks a `sanet pretrain --backbone efficientnet-bN` output against torchvision: the file must load
into torchvision's efficientnet_bN (num_classes from its classifier) strictly (batch norm fills in
the num_batches_tracked that sanet does not write), and that module, in eval mode, must score a validation folder as
sanet's own validation pass did (`valTop1` of the last epoch, printed by `sanet pretrain --json`).

The images must already be SIZE x SIZE (e.g. written by tiny_image_folder.py with --size SIZE), so
that no resize differs between the two: each is scaled to [0, 1] and normalised with ImageNet's
mean and standard deviation, as sanet's ClassificationFolder does.

    /usr/bin/python3 scripts/pretrain_torchvision_check.py RUN/backbone.safetensors VAL_DIR

Needs Debian's python3-torch, python3-torchvision (0.14), python3-numpy and python3-pil.
"""

import argparse
import os
import sys

import numpy as np
import torch
import torchvision
from PIL import Image

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_sanet import read_safetensors  # noqa: E402

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)
HEAD_WIDTHS = {1280: [0, 1], 1408: [2], 1536: [3], 1792: [4], 2048: [5], 2304: [6], 2560: [7]}
BLOCKS = {0: 16, 1: 23, 2: 23, 3: 26, 4: 32, 5: 39, 6: 45, 7: 55}


def scale(tensors):
    """B0..B7 from the head width and the number of blocks (B0 and B1 share the width)."""
    width = tensors["features.8.0.weight"].shape[0]
    blocks = len({k.split(".block.")[0] for k in tensors if ".block." in k})
    for s in HEAD_WIDTHS[width]:
        if BLOCKS[s] == blocks:
            return s
    raise SystemExit(f"no EfficientNet with head width {width} and {blocks} blocks")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("weights")
    p.add_argument("val")
    a = p.parse_args()
    tensors, meta = read_safetensors(a.weights)
    s = scale(tensors)
    classes = tensors["classifier.1.weight"].shape[0]
    model = getattr(torchvision.models, f"efficientnet_b{s}")(num_classes=classes)
    state = {k: torch.from_numpy(v) for k, v in tensors.items()}
    model.load_state_dict(state, strict=True)  # raises naming any missing or unexpected key
    print(f"efficientnet_b{s}, {classes} classes, {meta.get('layout', '?')}: {len(tensors)} tensors"
          " loaded (strict)")
    model.eval()
    names = sorted(d for d in os.listdir(a.val) if os.path.isdir(os.path.join(a.val, d)))
    right = total = 0
    loss = 0.0
    with torch.no_grad():
        for c, name in enumerate(names):
            folder = os.path.join(a.val, name)
            for f in sorted(os.listdir(folder)):
                img = np.asarray(Image.open(os.path.join(folder, f)).convert("RGB"), np.float32)
                x = torch.from_numpy(((img / 255 - MEAN) / STD).transpose(2, 0, 1)[None].copy())
                logits = model(x)
                loss += torch.nn.functional.cross_entropy(logits, torch.tensor([c])).item()
                right += int(logits.argmax(1).item() == c)
                total += 1
    print(f"torchvision on {a.val}: top-1 {100 * right / total:.1f}% ({right}/{total}),"
          f" mean loss {loss / total:.4f}")


if __name__ == "__main__":
    main()
