#!/usr/bin/env python3
"""SANet and its Table 3 baselines (FCN, FCN-SE) in plain PyTorch: a reference for sanet.

A second, independent implementation of docs/paper-reading.md section 2 that mirrors the Java network
(dev.sanet.core.nn: SANetBlock, ResNetV1s, BottleneckBlock, BasicBlock, SqueezeAttention,
DenseHead, SqueezeExcitation) detail for detail, so that

- parameter counts can be checked against `sanet info`,
- sanet's outputs can be compared numerically (`forward` with weights exported by sanet as
  safetensors), and
- sanet's speed and memory can be compared with PyTorch's on the same network (`bench`, driven by
  scripts/bench_compare.py).

It is a measuring tool, not part of the build or CI (which stay Python-free). It needs PyTorch and
numpy only, e.g. Debian's python3-torch python3-numpy; there is no safetensors package: the
format is read and written here with numpy.

Network (the corrected dilation rule of docs/paper-reading.md section 2.1): deep-stem ResNet ("v1s"); output stride 8 gives
stage 3 stride 1 with dilation 1 in its first block and 2 in the others, stage 4 stride 1 with 2 then
4; output stride 16 gives stage 3 stride 2 without dilation, stage 4 stride 1 with 1 then 2. The
state_dict() keys are sanet's exported names (backbone.conv1.0.weight, backbone.layer1.0.bn1.
running_mean, dense.classifier.bias, sa4.attention.3.weight, mask.weight, cat.bias, ...), BN buffers
num_batches_tracked aside.

Commands (run with /usr/bin/python3; model options are shared by every command):

    # parameters per component (compare with ./sanet info --json)
    python3 scripts/torch_sanet.py info --backbone resnet101 --classes 21 [--json]
    # outputs of a sanet safetensors export for an N x 3 x H x W float32 .npy input
    python3 scripts/torch_sanet.py forward --weights w.safetensors --input x.npy --out DIR \\
        [--stages] [--backbone resnet50 ...]
    # this script's own randomly initialised weights (non-trivial BN statistics) as safetensors
    python3 scripts/torch_sanet.py export --out w.safetensors --seed 0 [--backbone ...]
    # save -> load -> identical outputs (a self-test of the safetensors code and the naming)
    python3 scripts/torch_sanet.py roundtrip --backbone resnet18 --width 8 --size 64
    # speed and memory, one JSON object on standard output
    python3 scripts/torch_sanet.py bench --mode infer --size 512 --batch 1 --iters 10 \\
        --warmup 2 --threads 2 [--backbone resnet50 ...]

Model options: --backbone resnet18|resnet34|resnet50|resnet101|resnet152 (default resnet50),
--width/--base-width W (64), --classes K (21), --variant sanet|fcn|fcn-se, --heads N (4),
--output-stride 8|16, --head-kernel 1|3, --pooling avg|max, --pool-ratio R (8), --dropout P (0.1).
"""

import argparse
import json
import os
import resource
import statistics
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

IGNORE_INDEX = 255

# Blocks per stage and whether the blocks are bottlenecks (expansion 4) or basic (expansion 1).
BACKBONES = {
    "resnet18": ((2, 2, 2, 2), False),
    "resnet34": ((3, 4, 6, 3), False),
    "resnet50": ((3, 4, 6, 3), True),
    "resnet101": ((3, 4, 23, 3), True),
    "resnet152": ((3, 8, 36, 3), True),
}


def up(x, h, w):
    """Bilinear resize with aligned corners (sanet's Resize.bilinear; identity at the same size)."""
    if x.shape[-2] == h and x.shape[-1] == w:
        return x
    return F.interpolate(x, size=(h, w), mode="bilinear", align_corners=True)


def conv(cin, cout, kernel, stride=1, dilation=1, groups=1, bias=False):
    """A convolution with sanet's "same" padding, dilation * (kernel - 1) / 2 (Layers.conv)."""
    return nn.Conv2d(cin, cout, kernel, stride=stride, padding=dilation * (kernel - 1) // 2,
                     dilation=dilation, groups=groups, bias=bias)


def bn(c):
    """Batch norm with epsilon 1e-5 and momentum 0.1 (MXNet's 0.9), as Layers.bn."""
    return nn.BatchNorm2d(c, eps=1e-5, momentum=0.1)


def projection(cin, cout, stride):
    """The projection shortcut: 1x1 convolution with the block's stride + BN (downsample.0/1)."""
    return nn.Sequential(conv(cin, cout, 1, stride), bn(cout))


class BottleneckBlock(nn.Module):
    """GluonCV BottleneckV1b: 1x1, 3x3 (stride and dilation here), 1x1 to 4 planes, + shortcut."""

    expansion = 4

    def __init__(self, cin, planes, stride, dilation):
        super().__init__()
        self.conv1 = conv(cin, planes, 1)
        self.bn1 = bn(planes)
        self.conv2 = conv(planes, planes, 3, stride, dilation)
        self.bn2 = bn(planes)
        self.conv3 = conv(planes, planes * 4, 1)
        self.bn3 = bn(planes * 4)
        if stride != 1 or cin != planes * 4:
            self.downsample = projection(cin, planes * 4, stride)
        else:
            self.downsample = None

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = F.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        s = x if self.downsample is None else self.downsample(x)
        return F.relu(y + s)


class BasicBlock(nn.Module):
    """GluonCV BasicBlockV1b as sanet builds it: both 3x3 convolutions use the block's dilation."""

    expansion = 1

    def __init__(self, cin, planes, stride, dilation):
        super().__init__()
        self.conv1 = conv(cin, planes, 3, stride, dilation)
        self.bn1 = bn(planes)
        self.conv2 = conv(planes, planes, 3, 1, dilation)
        self.bn2 = bn(planes)
        if stride != 1 or cin != planes:
            self.downsample = projection(cin, planes, stride)
        else:
            self.downsample = None

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        s = x if self.downsample is None else self.downsample(x)
        return F.relu(y + s)


def stage_plan(output_stride):
    """Per stage: (stride, dilation of the first block, dilation of the others). Spec 2.1 as
    corrected: the first block of a dilated stage keeps the smaller dilation."""
    if output_stride == 8:
        return [(1, 1, 1), (2, 1, 1), (1, 1, 2), (1, 2, 4)]
    if output_stride == 16:
        return [(1, 1, 1), (2, 1, 1), (2, 1, 1), (1, 1, 2)]
    raise ValueError(f"output stride must be 8 or 16, got {output_stride}")


class ResNetV1s(nn.Module):
    """Dilated deep-stem ResNet; forward returns the four stage outputs [c1, c2, c3, c4]."""

    def __init__(self, backbone="resnet50", width=64, output_stride=8):
        super().__init__()
        if backbone not in BACKBONES:
            raise ValueError(f"unknown backbone {backbone!r}: use one of {', '.join(BACKBONES)}")
        blocks, bottleneck = BACKBONES[backbone]
        block = BottleneckBlock if bottleneck else BasicBlock
        self.conv1 = nn.Sequential(
            conv(3, width, 3, 2), bn(width), nn.ReLU(inplace=True),
            conv(width, width, 3), bn(width), nn.ReLU(inplace=True),
            conv(width, 2 * width, 3))
        self.bn1 = bn(2 * width)
        cin = 2 * width
        self.stage_channels = []
        for i, ((stride, first, rest), n) in enumerate(zip(stage_plan(output_stride), blocks)):
            planes = width << i
            layers = []
            for j in range(n):
                layers.append(block(cin, planes, stride if j == 0 else 1, first if j == 0 else rest))
                cin = planes * block.expansion
            setattr(self, f"layer{i + 1}", nn.Sequential(*layers))
            self.stage_channels.append(cin)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.max_pool2d(x, 3, 2, 1)  # floor mode
        out = []
        for i in range(1, 5):
            x = getattr(self, f"layer{i}")(x)
            out.append(x)
        return out


class SqueezeAttention(nn.Module):
    """The SA module (docs/paper-reading.md section 2.2): X_out = X_attn * X_res + X_attn."""

    def __init__(self, cin, k, kernel=1, reduction=4, groups=2, pooling="avg", pool_ratio=8):
        super().__init__()
        if cin % reduction or (cin // reduction) % groups or kernel not in (1, 3):
            raise ValueError(f"bad SA settings: C={cin} reduction={reduction} groups={groups} "
                             f"kernel={kernel}")
        self.pooling = pooling
        self.pool_ratio = pool_ratio
        self.main = self._channel(cin, k, kernel, reduction, groups)
        self.attention = self._channel(cin, k, kernel, reduction, groups)

    @staticmethod
    def _channel(cin, k, kernel, reduction, groups):
        mid = cin // reduction
        return nn.Sequential(conv(cin, mid, kernel, groups=groups), bn(mid), nn.ReLU(inplace=True),
                             conv(mid, k, 1, bias=True))

    def pool(self, x):
        r = self.pool_ratio
        kernel = (min(r, x.shape[2]), min(r, x.shape[3]))  # a short side is pooled whole
        if self.pooling == "avg":
            return F.avg_pool2d(x, kernel, r, 0, ceil_mode=True, count_include_pad=False)
        return F.max_pool2d(x, kernel, r, 0, ceil_mode=True)

    def forward(self, x):
        res = self.main(x)
        attn = torch.sigmoid(self.attention(self.pool(x)))
        attn = up(attn, res.shape[2], res.shape[3])
        return attn * res + attn


class DenseHead(nn.Module):
    """The FCN head on stage 4: 3x3 conv C -> C/4, BN, ReLU, dropout, 1x1 conv -> K."""

    def __init__(self, cin, k, dropout=0.1):
        super().__init__()
        self.conv = conv(cin, cin // 4, 3)
        self.bn = bn(cin // 4)
        self.dropout = nn.Dropout(dropout)  # element-wise, as DJL's Dropout
        self.classifier = conv(cin // 4, k, 1, bias=True)

    def forward(self, x):
        return self.classifier(self.dropout(F.relu(self.bn(self.conv(x)))))


class SqueezeExcitation(nn.Module):
    """Residual-form SE on the stage-4 output: X_out = (1 + w) * X_in (FCN-SE baseline)."""

    def __init__(self, c, hidden=4):
        super().__init__()
        self.fc1 = nn.Linear(c, hidden)
        self.fc2 = nn.Linear(hidden, c)

    def forward(self, x):
        w = torch.sigmoid(self.fc2(F.relu(self.fc1(x.mean(dim=(2, 3))))))
        return x * w[:, :, None, None] + x


class SANet(nn.Module):
    """SANet (variant sanet, heads >= 1): outputs [mask, dense, cat]; FCN, FCN-SE or zero heads:
    [dense]. Pixel outputs are logits at the input's exact size."""

    def __init__(self, backbone="resnet50", width=64, classes=21, variant="sanet", heads=4,
                 output_stride=8, head_kernel=1, pooling="avg", pool_ratio=8, dropout=0.1):
        super().__init__()
        if variant not in ("sanet", "fcn", "fcn-se"):
            raise ValueError(f"variant must be sanet, fcn or fcn-se, got {variant!r}")
        if not 0 <= heads <= 4:
            raise ValueError(f"heads must be in 0..4, got {heads}")
        if pooling not in ("avg", "max"):
            raise ValueError(f"pooling must be avg or max, got {pooling!r}")
        self.heads = heads if variant == "sanet" else 0  # the baselines have no SA heads
        # Registration order = sanet's child order: backbone, se, dense, sa1..sa4, mask, cat.
        self.backbone = ResNetV1s(backbone, width, output_stride)
        ch = self.backbone.stage_channels
        self.se = SqueezeExcitation(ch[3]) if variant == "fcn-se" else None
        self.dense = DenseHead(ch[3], classes, dropout)
        for s in range(4 - self.heads, 4):
            setattr(self, f"sa{s + 1}", SqueezeAttention(ch[s], classes, head_kernel,
                                                         pooling=pooling, pool_ratio=pool_ratio))
        if self.heads:
            self.mask = conv(self.heads * classes, classes, 1, bias=True)
            self.cat = nn.Linear(self.heads * classes, classes)

    def forward(self, x, return_stages=False):
        h, w = x.shape[2], x.shape[3]
        feats = self.backbone(x)
        c4 = feats[3]
        if not self.heads:
            f = c4 if self.se is None else self.se(c4)
            out = [up(self.dense(f), h, w)]
        else:
            h2, w2 = feats[1].shape[2], feats[1].shape[3]
            ys = []
            sa4 = None
            for s in range(4 - self.heads, 4):
                y = getattr(self, f"sa{s + 1}")(feats[s])
                if s == 3:
                    sa4 = y
                ys.append(up(y, h2, w2))
            concat = ys[0] if len(ys) == 1 else torch.cat(ys, dim=1)
            y_mask = self.mask(concat)
            y_cat = self.cat(concat.mean(dim=(2, 3)))
            y_dense = self.dense(c4) + sa4
            out = [up(y_mask, h, w), up(y_dense, h, w), y_cat]
        return (out, feats) if return_stages else out

    def predict(self, x, prediction):
        """Inference computing only what the prediction reads, as sanet's prediction route does:
        mask skips the dense head and cat; dense skips SA1-3, the mask conv and cat; sum skips cat.
        """
        if not self.heads:
            return self.forward(x)[0]
        h, w = x.shape[2], x.shape[3]
        feats = self.backbone(x)
        h2, w2 = feats[1].shape[2], feats[1].shape[3]
        want_mask = prediction != "dense"
        want_dense = prediction != "mask"
        ys = []
        sa4 = None
        for s in range(4 - self.heads, 4):
            if not want_mask and s != 3:
                continue
            y = getattr(self, f"sa{s + 1}")(feats[s])
            if s == 3:
                sa4 = y
            if want_mask:
                ys.append(up(y, h2, w2))
        out = None
        if want_mask:
            concat = ys[0] if len(ys) == 1 else torch.cat(ys, dim=1)
            out = up(self.mask(concat), h, w)
        if want_dense:
            dense = up(self.dense(feats[3]) + sa4, h, w)
            out = dense if out is None else out + dense
        return out

    def output_names(self):
        return ["mask", "dense", "cat"] if self.heads else ["dense"]


# ------------------------------------------------------------------------------------------------
# safetensors with numpy

_DTYPES = {"F64": np.float64, "F32": np.float32, "F16": np.float16, "I64": np.int64,
           "I32": np.int32, "I16": np.int16, "I8": np.int8, "U8": np.uint8, "BOOL": np.bool_}
_NAMES = {(np.dtype(v).kind, np.dtype(v).itemsize): k for k, v in _DTYPES.items()}


def read_safetensors(path):
    """Returns ({name: numpy array}, metadata dict). BF16 is widened to float32."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", None) or {}
    base = 8 + n
    tensors = {}
    for name, info in header.items():
        b, e = info["data_offsets"]
        raw = data[base + b:base + e]
        shape = tuple(info["shape"])
        if info["dtype"] == "BF16":
            bits = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
            arr = bits.view(np.float32)
        elif info["dtype"] in _DTYPES:
            arr = np.frombuffer(raw, dtype=np.dtype(_DTYPES[info["dtype"]]).newbyteorder("<"))
        else:
            raise ValueError(f"{path}: tensor {name}: unsupported dtype {info['dtype']}")
        tensors[name] = arr.reshape(shape).copy()
    return tensors, meta


def write_safetensors(path, tensors, metadata=None):
    """Writes {name: numpy array} (tensors in the given order, 8-byte aligned header)."""
    header = {}
    blobs = []
    offset = 0
    for name, arr in tensors.items():
        arr = np.asarray(arr)  # not ascontiguousarray: it turns a 0-d array into 1-d
        dtype = _NAMES.get((arr.dtype.kind, arr.dtype.itemsize))
        if dtype is None:
            raise ValueError(f"tensor {name}: unsupported dtype {arr.dtype}")
        raw = arr.astype(arr.dtype.newbyteorder("<"), copy=False).tobytes()
        header[name] = {"dtype": dtype, "shape": list(arr.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-(8 + len(text)) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


def state_arrays(model):
    """The model's parameters and BN running statistics as numpy, num_batches_tracked skipped."""
    return {k: v.detach().cpu().numpy() for k, v in model.state_dict().items()
            if not k.endswith("num_batches_tracked")}


def load_weights(model, path):
    """Loads a sanet safetensors export strictly: every key of the file and of the model matched,
    shapes equal. Returns the file's metadata."""
    tensors, meta = read_safetensors(path)
    own = {k: v for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}
    missing = [k for k in own if k not in tensors]
    extra = [k for k in tensors if k not in own and not k.endswith("num_batches_tracked")]
    bad = [f"{k}: file {tuple(tensors[k].shape)}, model {tuple(own[k].shape)}"
           for k in own if k in tensors and tuple(tensors[k].shape) != tuple(own[k].shape)]
    if missing or extra or bad:
        lines = [f"{path} does not fit the model:"]
        lines += [f"  missing in the file: {k}" for k in missing]
        lines += [f"  not in the model: {k}" for k in extra]
        lines += [f"  shape mismatch {b}" for b in bad]
        raise SystemExit("\n".join(lines))
    with torch.no_grad():
        for k, t in own.items():
            t.copy_(torch.from_numpy(np.asarray(tensors[k])).to(t.dtype))
    return meta


# ------------------------------------------------------------------------------------------------
# commands


def add_model_options(p):
    g = p.add_argument_group("model")
    g.add_argument("--backbone", default="resnet50", choices=list(BACKBONES))
    g.add_argument("--width", "--base-width", dest="width", type=int, default=64)
    g.add_argument("--classes", type=int, default=21)
    g.add_argument("--variant", default="sanet", choices=["sanet", "fcn", "fcn-se"])
    g.add_argument("--heads", type=int, default=4)
    g.add_argument("--output-stride", type=int, default=8, choices=[8, 16])
    g.add_argument("--head-kernel", type=int, default=1, choices=[1, 3])
    g.add_argument("--pooling", default="avg", choices=["avg", "max"])
    g.add_argument("--pool-ratio", type=int, default=8)
    g.add_argument("--dropout", type=float, default=0.1)


def build(args):
    return SANet(backbone=args.backbone, width=args.width, classes=args.classes,
                 variant=args.variant, heads=args.heads, output_stride=args.output_stride,
                 head_kernel=args.head_kernel, pooling=args.pooling, pool_ratio=args.pool_ratio,
                 dropout=args.dropout)


def settings(args):
    return {"backbone": args.backbone, "width": args.width, "classes": args.classes,
            "variant": args.variant, "heads": args.heads, "outputStride": args.output_stride,
            "headKernel": args.head_kernel, "pooling": args.pooling, "poolRatio": args.pool_ratio}


def count(module):
    return sum(p.numel() for p in module.parameters() if p.requires_grad)


def parameter_breakdown(model):
    parts = {"backbone": count(model.backbone)}
    for name in ["se", "dense", "sa1", "sa2", "sa3", "sa4", "mask", "cat"]:
        m = getattr(model, name, None)
        if m is not None:
            parts[name] = count(m)
    return parts


def cmd_info(args):
    model = build(args)
    parts = parameter_breakdown(model)
    total = count(model)
    assert total == sum(parts.values())
    if args.json:
        print(json.dumps({"settings": settings(args), "params": total, "components": parts,
                          "torch": torch.__version__}))
    else:
        label = f"{args.variant}-{args.backbone} (width {args.width}, {args.classes} classes)"
        print(f"{label}: {total:,} trainable parameters")
        for k, v in parts.items():
            print(f"  {k:9s} {v:>12,}")


def randomize_statistics(model, seed):
    """Gives every BN non-trivial affine parameters and running statistics, so that a weight
    file exercises all four BN arrays."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                c = m.num_features
                m.weight.copy_(0.5 + torch.rand(c, generator=g))
                m.bias.copy_(0.1 * torch.randn(c, generator=g))
                m.running_mean.copy_(0.1 * torch.randn(c, generator=g))
                m.running_var.copy_(0.5 + torch.rand(c, generator=g))


def cmd_export(args):
    torch.manual_seed(args.seed)
    model = build(args)
    randomize_statistics(model, args.seed)
    meta = {"producer": "scripts/torch_sanet.py", "seed": args.seed, **settings(args)}
    write_safetensors(args.out, state_arrays(model), meta)
    print(f"wrote {args.out}: {len(state_arrays(model))} tensors, {count(model):,} parameters",
          file=sys.stderr)


def run_forward(model, x, stages):
    with torch.no_grad():
        out, feats = model(torch.from_numpy(x), return_stages=True)
    arrays = dict(zip(model.output_names(), (o.numpy() for o in out)))
    if stages:
        arrays.update({f"c{i + 1}": f.numpy() for i, f in enumerate(feats)})
    return arrays


def cmd_forward(args):
    model = build(args)
    meta = load_weights(model, args.weights)
    model.eval()
    x = np.load(args.input)
    if x.ndim != 4 or x.shape[1] != 3:
        raise SystemExit(f"{args.input}: expected N x 3 x H x W, got {x.shape}")
    x = np.ascontiguousarray(x, dtype=np.float32)
    os.makedirs(args.out, exist_ok=True)
    arrays = run_forward(model, x, args.stages)
    for name, a in arrays.items():
        np.save(os.path.join(args.out, f"{name}.npy"), a)
        print(f"{name}: {a.shape} -> {os.path.join(args.out, name + '.npy')}", file=sys.stderr)
    if meta:
        print(f"file metadata: {json.dumps(meta)}", file=sys.stderr)


def cmd_roundtrip(args):
    import tempfile
    torch.manual_seed(args.seed)
    a = build(args)
    randomize_statistics(a, args.seed)
    a.eval()
    x = np.random.default_rng(args.seed).standard_normal(
        (args.batch, 3, args.size, args.size)).astype(np.float32)
    before = run_forward(a, x, True)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "w.safetensors")
        write_safetensors(path, state_arrays(a), settings(args))
        torch.manual_seed(args.seed + 1)
        b = build(args)
        b.eval()
        fresh = run_forward(b, x, False)  # a differently seeded model must differ before loading
        load_weights(b, path)
        b.eval()
        after = run_forward(b, x, True)
        back, _ = read_safetensors(path)
    same_tensors = all(np.array_equal(back[k], v) for k, v in state_arrays(a).items())
    diffs = {k: float(np.max(np.abs(before[k] - after[k]))) for k in before}
    fresh_diff = max(float(np.max(np.abs(before[k] - fresh[k]))) for k in fresh)
    report = {"settings": settings(args), "tensors": len(back), "tensorsIdentical": same_tensors,
              "maxAbsDiff": diffs, "maxAbsDiffBeforeLoading": fresh_diff,
              "shapes": {k: list(v.shape) for k, v in before.items()}}
    print(json.dumps(report))
    if not same_tensors or max(diffs.values()) != 0.0 or fresh_diff == 0.0:
        raise SystemExit(1)


def rss_mib(field):
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return round(int(line.split()[1]) / 1024.0, 2)
    except OSError:
        pass
    return None


def sanet_loss(outputs, labels, classes, alpha=0.2, beta=0.8):
    """Spec 3: mask CE + alpha * presence BCE (logits) + beta * dense CE, ignore 255; one dense CE
    for the single-output baselines."""
    valid = (labels >= 0) & (labels < classes)
    target = torch.where(valid, labels, torch.full_like(labels, IGNORE_INDEX))
    n_valid = valid.sum().clamp(min=1)  # an all-ignore batch gives 0, not NaN

    def pixel_ce(logits):
        return F.cross_entropy(logits, target, ignore_index=IGNORE_INDEX, reduction="sum") / n_valid

    if len(outputs) == 1:
        return pixel_ce(outputs[0])
    mask, dense, cat = outputs
    onehot = F.one_hot(torch.where(valid, labels, torch.zeros_like(labels)), classes)
    presence = (onehot * valid[..., None]).flatten(1, 2).amax(dim=1).to(cat.dtype)
    return (pixel_ce(mask) + alpha * F.binary_cross_entropy_with_logits(cat, presence)
            + beta * pixel_ce(dense))


def cmd_bench(args):
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(42)
    model = build(args)
    shape = (args.batch, 3, args.size, args.size)
    train = args.mode == "train"
    print(f"bench: {args.mode} {args.variant}-{args.backbone}, input {shape}, {args.warmup} "
          f"warm-up + {args.iters} timed passes, torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads", file=sys.stderr)
    if train:
        model.train()
        opt = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9, weight_decay=1e-4)

        def step():
            # Random input and labels are made inside the timed step, as sanet bench does.
            x = torch.randn(shape)
            labels = torch.randint(0, args.classes, (args.batch, args.size, args.size))
            opt.zero_grad(set_to_none=True)
            loss = sanet_loss(model(x), labels, args.classes)
            loss.backward()
            opt.step()
    else:
        model.eval()

        def step():
            with torch.no_grad():
                if args.prediction == "all":
                    model(torch.randn(shape))
                else:
                    model.predict(torch.randn(shape), args.prediction)

    def timed():
        t0 = time.perf_counter()
        step()
        return (time.perf_counter() - t0) * 1000.0

    for i in range(args.warmup):
        print(f"bench: warm-up {i + 1}/{args.warmup} {timed():.0f} ms", file=sys.stderr)
    after_warmup = rss_mib("VmRSS")
    ms = []
    for i in range(args.iters):
        ms.append(timed())
        print(f"bench: pass {i + 1}/{args.iters} {ms[-1]:.0f} ms, RSS {rss_mib('VmRSS')} MiB",
              file=sys.stderr)
    median = statistics.median(ms)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux
    out = {
        "mode": args.mode, "backbone": args.backbone, "variant": args.variant,
        "size": args.size, "batch": args.batch, "iters": args.iters, "warmup": args.warmup,
        "msPerIter": {"min": round(min(ms), 2), "median": round(median, 2),
                      "max": round(max(ms), 2)},
        "imagesPerSecond": round(args.batch * 1000.0 / median, 2),
        "peakRssMiB": round(peak, 2),
        "rssMiB": {"afterWarmup": after_warmup, "end": rss_mib("VmRSS")},
        "engine": "PyTorch (Python)", "torch": torch.__version__,
        "threads": torch.get_num_threads(), "interopThreads": torch.get_num_interop_threads(),
        "cores": os.cpu_count(), "numClasses": args.classes, "heads": model.heads,
        "baseWidth": args.width, "params": count(model),
        "prediction": getattr(args, "prediction", "all"),
    }
    print(json.dumps(out))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("info", help="trainable parameters, total and per component")
    add_model_options(s)
    s.add_argument("--json", action="store_true", help="one JSON object on standard output")
    s.set_defaults(func=cmd_info)

    s = sub.add_parser("forward", help="outputs of a safetensors export for an .npy input")
    add_model_options(s)
    s.add_argument("--weights", required=True, help="sanet safetensors export")
    s.add_argument("--input", required=True, help="N x 3 x H x W float32 .npy")
    s.add_argument("--out", required=True, help="folder for mask.npy, dense.npy, cat.npy")
    s.add_argument("--stages", action="store_true", help="also write c1.npy .. c4.npy")
    s.set_defaults(func=cmd_forward)

    s = sub.add_parser("export", help="this script's random weights as safetensors")
    add_model_options(s)
    s.add_argument("--out", required=True)
    s.add_argument("--seed", type=int, default=0)
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("roundtrip", help="save, load, compare outputs (self-test)")
    add_model_options(s)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--size", type=int, default=64)
    s.add_argument("--batch", type=int, default=2)
    s.set_defaults(func=cmd_roundtrip)

    s = sub.add_parser("bench", help="time inference or a training step; one JSON object")
    add_model_options(s)
    s.add_argument("--mode", default="infer", choices=["infer", "train"])
    s.add_argument("--size", type=int, default=512)
    s.add_argument("--batch", type=int, default=1)
    s.add_argument("--iters", type=int, default=10)
    s.add_argument("--warmup", type=int, default=2)
    s.add_argument("--prediction", default="all", choices=["all", "mask", "dense", "sum"],
                   help="infer: every output (all), or only what that prediction reads, as"
                        " sanet's prediction route computes it")
    s.add_argument("--threads", type=int, default=int(os.environ.get("OMP_NUM_THREADS", "0") or 0)
                   or os.cpu_count())
    s.set_defaults(func=cmd_bench)

    args = p.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
