#!/usr/bin/python3
"""Checks an ONNX file written by `sanet export onnx` with the official onnx package.

Usage: /usr/bin/python3 scripts/onnx_check.py FILE.onnx [FILE.onnx ...]

For each file: onnx.checker.check_model(path, full_check=True) (the graph's structure, every
node against its operator schema at the file's opset, and strict shape inference), then a
summary: IR version, opsets, inputs and outputs with their shapes, node count by operator,
the metadata keys. Exit status 0 when every file passes, 1 otherwise. Needs only `onnx`
(Debian's python3-onnx 1.12 reads IR 8 / opset 17, the export's default).
"""

import collections
import sys

import numpy
import onnx


def dims(value_info):
    shape = value_info.type.tensor_type.shape
    return [d.dim_param if d.dim_param else d.dim_value for d in shape.dim]


def check(path):
    onnx.checker.check_model(path, full_check=True)
    model = onnx.load(path)
    ops = collections.Counter(n.op_type for n in model.graph.node)
    print(f"{path}: passes onnx {onnx.__version__} check_model(full_check=True)")
    print(f"  ir_version {model.ir_version}, opsets "
          + ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import))
    for v in model.graph.input:
        print(f"  input  {v.name} {dims(v)}")
    for v in model.graph.output:
        print(f"  output {v.name} {dims(v)}")
    params = sum(int(numpy.prod(t.dims)) for t in model.graph.initializer)
    print(f"  {len(model.graph.node)} nodes ("
          + ", ".join(f"{op} {n}" for op, n in ops.most_common()) + f"), {params} weights")
    print("  metadata: " + ", ".join(p.key for p in model.metadata_props))


def main(paths):
    if not paths:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    failed = 0
    for path in paths:
        try:
            check(path)
        except Exception as e:  # the checker's own exception types vary across onnx versions
            print(f"{path}: FAILS: {type(e).__name__}: {e}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
