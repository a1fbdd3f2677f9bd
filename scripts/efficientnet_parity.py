#!/usr/bin/env python3
"""The Python half of the EfficientNet parity check: torchvision's efficientnet_b0 and
efficientnet_b7 with random weights and batch-norm statistics, their input and the outputs of
every stage, undilated and dilated.

For each model it builds torchvision.models.efficientnet_bN(weights=None) with a fixed seed,
gives every batch norm random weights and biases and moves its running statistics with a few
train-mode passes on random data, switches to eval mode and writes into OUT/efficientnet_bN/:

    weights.safetensors   the state_dict under torchvision's names (classifier, head and
                          num_batches_tracked included: the importer must skip them)
    input.npy             the input, float32 (1, 3, S, S), standard normal
    stage1..stage7.npy    the outputs of features[1..7], undilated (output stride 32)
    os8_tap1..4.npy       the four taps (features 2, 3, 5, 7) of a dilated copy at output stride 8
    os16_tap1..4.npy      the same at output stride 16

The dilated copies change only the depthwise convolutions, by the rule of the dilated ResNets
(docs/paper-reading.md section 2.1), implemented here on its own: walking the blocks in order with the
running reduction r (2 after the stem) and dilation d, a block with stride s > 1 whose r * s
exceeds the output stride gets stride 1 and keeps d, and d becomes d * s for the blocks after
it; otherwise r becomes r * s. Padding is d * (k - 1) / 2, torchvision's own rule.

The Java half (scripts/EfficientNetParity.java) imports weights.safetensors by name on MXNet and
PyTorch and compares, printing the largest difference over the largest activation per stage.

    /usr/bin/python3 scripts/efficientnet_parity.py --out /tmp/effnet-parity [--seed 0]

Needs Debian's python3-torch, python3-torchvision (0.14) and python3-numpy.
"""

import argparse
import copy
import os
import sys

import numpy as np
import torch
import torchvision

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_sanet import write_safetensors  # noqa: E402

MODELS = {"efficientnet_b0": 225, "efficientnet_b7": 192}  # name: input side (odd and even)
TAPS = [2, 3, 5, 7]


def build(name, seed):
    torch.manual_seed(seed)
    model = getattr(torchvision.models, name)(weights=None)
    g = torch.Generator().manual_seed(seed + 1)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                c = m.num_features
                m.weight.copy_(0.5 + torch.rand(c, generator=g))
                m.bias.copy_(0.1 * torch.randn(c, generator=g))
                # momentum 0.5 so that three passes move the statistics well away from 0 and 1
                m.momentum = 0.5
    model.train()
    with torch.no_grad():
        for batch, side in [(4, 96), (2, 128), (2, 160)]:
            x = torch.randn(batch, 3, side, side, generator=g)
            model(x * 1.1 + 0.1)
    model.eval()
    return model


def depthwise(block):
    """The depthwise convolution of a torchvision MBConv (block.block[-3][0])."""
    layers = list(block.block)
    dw = layers[1] if len(layers) == 4 else layers[0]
    return dw[0]


def dilate(model, output_stride):
    m = copy.deepcopy(model)
    reduction, dilation = 2, 1
    for stage in range(1, 8):
        for block in m.features[stage]:
            conv = depthwise(block)
            s = conv.stride[0]
            d = dilation
            if s > 1:
                if reduction * s > output_stride:
                    dilation *= s
                    s = 1
                else:
                    reduction *= s
            k = conv.kernel_size[0]
            conv.stride = (s, s)
            conv.dilation = (d, d)
            conv.padding = (d * (k - 1) // 2,) * 2
    return m


def stages(model, x):
    with torch.no_grad():
        y = model.features[0](torch.from_numpy(x))
        out = []
        for i in range(1, 8):
            y = model.features[i](y)
            out.append(y.numpy())
        return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--models", default=",".join(MODELS))
    a = p.parse_args()
    for name in a.models.split(","):
        side = MODELS[name]
        folder = os.path.join(a.out, name)
        os.makedirs(folder, exist_ok=True)
        model = build(name, a.seed)
        tensors = {k: v.detach().numpy() for k, v in model.state_dict().items()}
        write_safetensors(os.path.join(folder, "weights.safetensors"), tensors,
                          {"producer": "scripts/efficientnet_parity.py", "model": name,
                           "torch": torch.__version__, "torchvision": torchvision.__version__,
                           "seed": a.seed})
        x = np.random.default_rng(a.seed).standard_normal((1, 3, side, side)).astype(np.float32)
        np.save(os.path.join(folder, "input.npy"), x)
        lines = [f"{name}, input {x.shape}"]
        for i, y in enumerate(stages(model, x)):
            np.save(os.path.join(folder, f"stage{i + 1}.npy"), y)
            lines.append(f"stage{i + 1} {y.shape} max|y| {np.abs(y).max():.4g}")
        for os_ in (8, 16):
            ys = stages(dilate(model, os_), x)
            for t, stage in enumerate(TAPS):
                y = ys[stage - 1]
                np.save(os.path.join(folder, f"os{os_}_tap{t + 1}.npy"), y)
                lines.append(f"os{os_}_tap{t + 1} {y.shape}")
        print("\n".join(lines))


if __name__ == "__main__":
    main()
