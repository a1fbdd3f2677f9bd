#!/usr/bin/env python3
"""Resident memory of one command over its whole run: does it stay flat after warm-up?

Runs the command given after `--`, samples the resident set (VmRSS, JVM and native together) of
the process and of its children every --interval seconds from /proc, and prints:

  - a curve, one row per tenth of the run: seconds, RSS in MiB;
  - after warm-up (the first --warmup share of the samples): the RSS at its start, its largest,
    its last, and the least-squares slope in MiB per minute.

A leak of one small array per call shows as a steady slope; allocator noise as a flat band.
Writes every sample to --csv when given. A measuring tool, not for CI. Examples (repository root):

    python3 scripts/memory_flat.py --csv /tmp/infer.csv -- \\
        ./sanet predict --model sanet-demo/model --input /tmp/many --output /tmp/many-out
    python3 scripts/memory_flat.py --csv /tmp/train.csv -- \\
        ./sanet train --dataset voc --data sanet-demo/data --epochs 5 --out /tmp/run ...
"""

import argparse
import os
import subprocess
import sys
import time


def rss_kib(pid):
    """VmRSS of pid in KiB, 0 when the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree(pid):
    """pid and its descendants (the launcher execs java, but be safe)."""
    out = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            for c in f.read().split():
                out.extend(tree(int(c)))
    except OSError:
        pass
    return out


def slope(points):
    """Least-squares slope of (t, y) points, per unit of t."""
    n = len(points)
    if n < 2:
        return 0.0
    mt = sum(t for t, _ in points) / n
    my = sum(y for _, y in points) / n
    var = sum((t - mt) ** 2 for t, _ in points)
    return 0.0 if var == 0 else sum((t - mt) * (y - my) for t, y in points) / var


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--interval", type=float, default=0.5, help="seconds between samples")
    p.add_argument("--warmup", type=float, default=0.1, help="share of samples that is warm-up")
    p.add_argument("--csv", help="write every sample here")
    p.add_argument("cmd", nargs=argparse.REMAINDER, help="-- command ...")
    a = p.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        p.error("give the command after --")
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    samples = []
    while proc.poll() is None:
        kib = sum(rss_kib(q) for q in tree(proc.pid))
        if kib:
            samples.append((time.monotonic() - t0, kib / 1024.0))
        time.sleep(a.interval)
    if proc.returncode != 0:
        print(f"memory_flat: the command exited with {proc.returncode}", file=sys.stderr)
    if len(samples) < 10:
        print("memory_flat: fewer than 10 samples; run something longer", file=sys.stderr)
        return 1
    if a.csv:
        with open(a.csv, "w") as f:
            f.write("seconds,rss_mib\n")
            for t, m in samples:
                f.write(f"{t:.2f},{m:.1f}\n")
    print("| seconds | RSS MiB |")
    print("|---:|---:|")
    for i in range(0, 11):
        t, m = samples[min(len(samples) - 1, i * (len(samples) - 1) // 10)]
        print(f"| {t:.0f} | {m:.0f} |")
    steady = samples[int(len(samples) * a.warmup):]
    s = slope(steady) * 60
    print(
        f"after warm-up ({steady[0][0]:.0f} s on): start {steady[0][1]:.0f} MiB, "
        f"largest {max(m for _, m in steady):.0f} MiB, last {steady[-1][1]:.0f} MiB, "
        f"slope {s:+.1f} MiB/min over {steady[-1][0] - steady[0][0]:.0f} s "
        f"({len(samples)} samples, exit {proc.returncode})"
    )
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
