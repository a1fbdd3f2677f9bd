#!/usr/bin/env python3
"""The Python half of the torchvision backbone import check: reference weights, input and stage
outputs of a dilated torchvision ResNet50.

It builds torchvision.models.resnet50(weights=None, replace_stride_with_dilation=[False, True,
True]) (the standard 7x7 stem, stride on the 3x3 of each bottleneck, output stride 8: layer3
dilation 1 in its first block and 2 in the others, layer4 2 then 4, as docs/paper-reading.md section 2.1) with a
fixed seed, gives it non-trivial batch-norm statistics (random BN weights and biases, then a few
forward passes in train mode on random data, so running_mean/running_var move away from 0/1),
switches to eval mode, and writes into the output folder (created if needed):

    resnet50_dilated.safetensors  torchvision's state_dict() under torchvision's names, fc.* and
                                  every BN's num_batches_tracked included: float tensors "F32",
                                  num_batches_tracked "I64" (shape []); 320 tensors. Metadata:
                                  {"producer", "torch", "torchvision", "seed", "model",
                                  "replace_stride_with_dilation"}.
    input.npy                     the input, float32, shape (1, 3, 224, 224), standard normal
                                  (numpy default_rng(seed)); feed it as is (no normalisation).
    layer1.npy                    output of layer1 in eval mode, float32, (1, 256, 56, 56)
    layer2.npy                    output of layer2, (1, 512, 28, 28)
    layer3.npy                    output of layer3, (1, 1024, 28, 28)
    layer4.npy                    output of layer4, (1, 2048, 28, 28)
    README.txt                    this list, the settings and the shapes actually written

The Java half imports resnet50_dilated.safetensors into sanet's backbone (its standard 7x7-stem
variant, output stride 8), runs input.npy through it in inference mode and compares its four
stage outputs with layer1..layer4.npy (max absolute difference within 1e-4).

    /usr/bin/python3 scripts/torchvision_compare.py --out /tmp/tv-resnet50 [--seed 0]

Needs Debian's python3-torch, python3-torchvision and python3-numpy (no safetensors package: the
file is written with numpy; see torch_sanet.write_safetensors).
"""

import argparse
import json
import os
import sys

import numpy as np
import torch
import torchvision

sys.dont_write_bytecode = True  # no __pycache__ in scripts/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_sanet import read_safetensors, write_safetensors  # noqa: E402

DILATION = [False, True, True]
SIZE = 224
CALIBRATION = [(4, 96), (4, 128), (2, 160)]  # (batch, side) of the train-mode passes


def build(seed):
    torch.manual_seed(seed)
    model = torchvision.models.resnet50(weights=None, replace_stride_with_dilation=DILATION)
    g = torch.Generator().manual_seed(seed + 1)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                c = m.num_features
                m.weight.copy_(0.5 + torch.rand(c, generator=g))
                m.bias.copy_(0.1 * torch.randn(c, generator=g))
    model.train()
    with torch.no_grad():
        for batch, side in CALIBRATION:
            # Mean and scale vary per channel, so the first BN's statistics are not 0 and 1.
            x = torch.randn(batch, 3, side, side, generator=g)
            x = x * torch.tensor([0.9, 1.2, 0.7])[:, None, None] + torch.tensor(
                [0.3, -0.2, 0.1])[:, None, None]
            model(x)
    model.eval()
    return model


def stage_outputs(model, x):
    with torch.no_grad():
        y = model.maxpool(model.relu(model.bn1(model.conv1(torch.from_numpy(x)))))
        out = {}
        for name in ("layer1", "layer2", "layer3", "layer4"):
            y = getattr(model, name)(y)
            out[name] = y.numpy()
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", required=True, help="output folder (created; files are overwritten)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)

    model = build(args.seed)
    tensors = {}
    for k, v in model.state_dict().items():
        a = v.detach().cpu().numpy()
        tensors[k] = a.astype(np.int64) if k.endswith("num_batches_tracked") else \
            a.astype(np.float32)
    meta = {"producer": "scripts/torchvision_compare.py", "torch": torch.__version__,
            "torchvision": torchvision.__version__, "seed": args.seed,
            "model": "torchvision.models.resnet50(weights=None)",
            "replace_stride_with_dilation": json.dumps(DILATION)}
    weights = os.path.join(args.out, "resnet50_dilated.safetensors")
    write_safetensors(weights, tensors, meta)

    x = np.random.default_rng(args.seed).standard_normal((1, 3, SIZE, SIZE)).astype(np.float32)
    np.save(os.path.join(args.out, "input.npy"), x)
    outs = stage_outputs(model, x)
    for name, a in outs.items():
        np.save(os.path.join(args.out, f"{name}.npy"), a)

    # Self-check: the file reads back bit for bit, and the model is really dilated.
    back, _ = read_safetensors(weights)
    assert list(back) == list(tensors), "key order changed"
    assert all(np.array_equal(back[k], tensors[k]) and back[k].dtype == tensors[k].dtype
               for k in tensors), "safetensors round trip differs"
    dil = [(b.conv2.stride[0], b.conv2.dilation[0]) for b in list(model.layer3) + list(model.layer4)]
    assert dil[0] == (1, 1) and dil[1] == (1, 2) and dil[6] == (1, 2) and dil[7] == (1, 4), dil

    lines = [
        "Written by scripts/torchvision_compare.py "
        f"(torch {torch.__version__}, torchvision {torchvision.__version__}, seed {args.seed}).",
        "Model: torchvision.models.resnet50(weights=None, replace_stride_with_dilation="
        f"{DILATION}), random BN weights/biases, statistics from train-mode passes "
        f"{CALIBRATION} (batch, side), then eval mode.",
        "",
        f"resnet50_dilated.safetensors  {len(tensors)} tensors, torchvision names (fc.* included), "
        "F32; num_batches_tracked I64",
        f"input.npy  float32 {list(x.shape)}, standard normal, use as is",
    ]
    lines += [f"{n}.npy  float32 {list(a.shape)}, output of {n} in eval mode" for n, a in
              outs.items()]
    lines += ["", "Check: import the weights into sanet's backbone (7x7-stem variant, output "
              "stride 8), run input.npy in inference mode, compare the four stage outputs within "
              "1e-4."]
    with open(os.path.join(args.out, "README.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    bn = model.layer1[0].bn1
    print(f"\nBN statistics sample (layer1.0.bn1): running_mean[:3] {bn.running_mean[:3].tolist()}, "
          f"running_var[:3] {bn.running_var[:3].tolist()}, num_batches_tracked "
          f"{int(bn.num_batches_tracked)}", file=sys.stderr)


if __name__ == "__main__":
    main()
