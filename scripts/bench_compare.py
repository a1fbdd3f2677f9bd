#!/usr/bin/env python3
"""Speed and memory of sanet against plain PyTorch on the same network, alternating in one run.

For each round and each mode (infer, train) it runs, one process after the other,

    ./sanet bench --json --backbone B --size S --mode M --batch N --iters I --warmup W --engine E
        (once per engine of --engines; default mxnet,pytorch)
    /usr/bin/python3 scripts/torch_sanet.py bench --backbone B --size S --mode M --batch N \\
        --iters I --warmup W --threads T

with the same OMP_NUM_THREADS (--threads, default 2) for all of them; the order of the runners
rotates from round to round so that none always runs first. Each child's peak resident memory is
also measured from the outside (os.wait4's ru_maxrss of the child: the JVM or Python process,
launcher shell included), besides what each reports itself. Per mode it prints a Markdown table:
runner, median ms (median over rounds of each run's median), min/median/max over rounds of the
per-round ratio runner/PyTorch, peak RSS (the largest over rounds, measured outside) and its ratio
to PyTorch's.

Allocator: every child starts without GLIBC_TUNABLES, so PyTorch runs with glibc's defaults (as
Debian ships it) and the sanet launcher applies its own settings (one malloc arena, transparent huge
pages). A second PyTorch runner, torch-tuned, gets the launcher's settings too, so the table shows
how much of a difference is the allocator and how much the engine (--no-torch-tuned skips it). The
ratios are always to torch, the untouched PyTorch. sanet inference runs with --fold-bn, batch norm
folded into the convolutions (--no-fold-bn to compare without); onnxruntime never gets it (the ONNX
export folds them).

Same work: inference computes only what --prediction reads (default mask), on every runner: sanet
bench --prediction P (the prediction route skips the other heads) and torch_sanet.py --prediction P
(the same heads). --prediction all gives torch_sanet every output, as the runs before 2026-12-07.
`--engines mxnet,pytorch,onnxruntime` adds ONNX Runtime (the network exported to ONNX in memory; its
intra-op threads follow OMP_NUM_THREADS). `--onnx-files fp32=F.onnx,int8=Q.onnx` adds ONNX Runtime alone
on exported files (scripts/OnnxInt8Bench.java: the session without sanet's route around it), so that an
int8 graph is timed in the same run as the rest.

Engines: `--engine E` is passed to `sanet bench`; if the launcher does not know the flag, the
engine is chosen through the environment variable SANET_ENGINE instead; an engine that fails its
preflight (a tiny ResNet18 run) is skipped with the reason. `default` in --engines means neither
flag nor variable. For sanet on libtorch the JVM also gets -Dai.djl.pytorch.num_threads=T and
-Dai.djl.pytorch.num_interop_threads=1 (through SANET_JAVA_OPTS), which is what torch_sanet.py
sets (torch.set_num_threads(T), interop threads 1).

Defaults: SANet-ResNet50, 21 classes; inference 512x512 batch 1 (10 timed passes after 2 warm-up);
a training step at 256x256 batch 2 (5 timed after 3 warm-up); 5 rounds. A measuring tool, not for
CI. Example (from the repository root):

    /usr/bin/python3 scripts/bench_compare.py --rounds 5 --threads 2 --json bench.json
    # small and quick, to try the harness:
    /usr/bin/python3 scripts/bench_compare.py --rounds 1 --backbone resnet18 --width 8 \\
        --infer-size 64 --train-size 64 --infer-iters 2 --train-iters 2
"""

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TORCH = "torch"  # the runner name of torch_sanet.py (glibc's allocator defaults: as shipped)
TORCH_TUNED = "torch-tuned"  # the same, with the allocator settings the sanet launcher sets
LAUNCHER_TUNABLES = "glibc.malloc.arena_max=1:glibc.malloc.hugetlb=1"  # as in ./sanet


def run_child(cmd, env, timeout):
    """Runs cmd; returns (rc, stdout, stderr, external peak RSS in MiB, wall seconds)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, start_new_session=True)
        rc = None
        usage = None
        while rc is None:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                rc = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() - t0 > timeout:
                os.killpg(proc.pid, 9)  # our own child's process group
                _, status, usage = os.wait4(proc.pid, 0)
                rc = 124
                break
            time.sleep(0.1)
        proc.returncode = rc  # reaped by wait4 already
        wall = time.monotonic() - t0
        out.seek(0)
        err.seek(0)
        return (rc, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                usage.ru_maxrss / 1024.0, wall)


def last_json(text):
    """The last line of text that parses as a JSON object (the bench's result), or None."""
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                pass
    try:
        return json.loads(text)  # sanet prints pretty JSON over several lines
    except ValueError:
        start = text.find("{")
        if start >= 0:
            try:
                return json.loads(text[start:])
            except ValueError:
                pass
    return None


class Runner:
    def __init__(self, name, base_cmd, env, fixed_cmd=False, adapt=None):
        self.name = name
        self.base_cmd = base_cmd
        self.env = env
        self.fixed_cmd = fixed_cmd  # True: base_cmd is complete (no model or mode arguments)
        self.adapt = adapt  # turns the child's JSON into bench's (msPerIter, engine), if needed


def onnx_file_runner(args, name, path, classes_dir):
    """ONNX Runtime alone on an exported file (scripts/OnnxInt8Bench.java, compiled once by
    preflight): one session, the same input size, threads, warm-up and timed passes as the other
    runners, no prediction route around it. For the int8 graph beside the float one in one run."""
    env = base_env(args)
    lib = os.path.join(ROOT, "sanet-examples", "target", "lib", "*")
    cmd = ["java", "-cp", f"{classes_dir}{os.pathsep}{lib}", "OnnxInt8Bench", path,
           "--size", f"{args.infer_size}x{args.infer_size}", "--threads", str(args.threads),
           "--rounds", "1", "--iters", str(args.infer_iters), "--warmup", str(args.infer_warmup)]

    def adapt(res):
        row = res["models"][0]
        # One round: the mean of the timed passes (OnnxInt8Bench times them together).
        ms = row["medianMs"]
        return {"msPerIter": {"min": ms, "median": ms, "max": ms}, "engine": "OnnxRuntime alone",
                "engineVersion": "1.21.1", "threads": args.threads, "model": path}

    return Runner(f"ort-alone-{name}", cmd, env, fixed_cmd=True, adapt=adapt)


def base_env(args):
    env = dict(os.environ)
    env["OMP_NUM_THREADS"] = str(args.threads)
    env.pop("SANET_ENGINE", None)
    # Unset, so that PyTorch runs with glibc's defaults and the sanet launcher applies its own.
    env.pop("GLIBC_TUNABLES", None)
    return env


def sanet_runner(args, engine, use_flag):
    env = base_env(args)
    cmd = [args.sanet, "bench", "--json"]
    if engine != "default":
        if use_flag:
            cmd += ["--engine", engine]
        else:
            env["SANET_ENGINE"] = engine
    if engine.lower() == "pytorch":
        extra = (f"-Dai.djl.pytorch.num_threads={args.threads} "
                 "-Dai.djl.pytorch.num_interop_threads=1")
        env["SANET_JAVA_OPTS"] = (env.get("SANET_JAVA_OPTS", "") + " " + extra).strip()
    return Runner(f"sanet-{engine}", cmd, env)


def torch_runner(args, tuned=False):
    cmd = [args.python, os.path.join(HERE, "torch_sanet.py"), "bench",
           "--threads", str(args.threads)]
    env = base_env(args)
    if tuned:
        env["GLIBC_TUNABLES"] = LAUNCHER_TUNABLES
    return Runner(TORCH_TUNED if tuned else TORCH, cmd, env)


def model_args(args):
    a = ["--backbone", args.backbone, "--classes", str(args.classes), "--variant", args.variant]
    if args.width is not None:
        a += ["--base-width", str(args.width)]
    return a


def mode_args(args, mode):
    p = vars(args)
    return ["--mode", mode, "--size", str(p[f"{mode}_size"]), "--batch", str(p[f"{mode}_batch"]),
            "--iters", str(p[f"{mode}_iters"]), "--warmup", str(p[f"{mode}_warmup"])]


def preflight(args):
    """Builds the jar if needed (outside any measurement) and decides how to select each engine.
    Returns (runners, notes)."""
    notes = []
    env = base_env(args)
    rc, out, err, _, wall = run_child([args.sanet, "version"], env, args.timeout)
    if rc != 0:
        rc, out, err, _, wall = run_child([args.sanet, "--help"], env, args.timeout)
    if rc != 0:
        raise SystemExit(f"{args.sanet} does not start (rc {rc}):\n{err[-2000:]}")
    tiny = ["--backbone", "resnet18", "--base-width", "8", "--size", "32", "--mode", "infer",
            "--iters", "1", "--warmup", "0"]
    runners = []
    for engine in [e.strip() for e in args.engines.split(",") if e.strip()]:
        chosen = None
        for use_flag in (True, False):
            if engine == "default" and not use_flag:
                break
            r = sanet_runner(args, engine, use_flag)
            rc, out, err, _, _ = run_child(r.base_cmd + tiny, r.env, args.timeout)
            res = last_json(out) if rc == 0 else None
            if res is not None:
                reported = str(res.get("engine", ""))
                if engine != "default" and reported.lower() != engine.lower():
                    notes.append(f"{r.name}: asked for {engine}, sanet reports {reported!r}; "
                                 "skipped")
                    break
                how = ("--engine" if use_flag else "SANET_ENGINE") if engine != "default" else \
                    "launcher default"
                notes.append(f"{r.name}: engine {reported} {res.get('engineVersion', '')} "
                             f"selected by {how}")
                chosen = r
                break
            rejected = "unknown option" in err.lower() and "--engine" in err
            if use_flag and rejected:
                notes.append(f"sanet-{engine}: the launcher rejects --engine; trying SANET_ENGINE")
                continue
            tail = " | ".join(err.strip().splitlines()[-3:])
            notes.append(f"sanet-{engine}: skipped, preflight failed (rc {rc}): {tail}")
            break
        if chosen is not None:
            runners.append(chosen)
    if args.onnx_files:
        classes_dir = tempfile.mkdtemp(prefix="bench-compare-")
        lib = os.path.join(ROOT, "sanet-examples", "target", "lib", "*")
        rc = subprocess.call(["javac", "-d", classes_dir, "-cp", lib,
                              os.path.join(HERE, "OnnxInt8Bench.java")])
        if rc != 0:
            raise SystemExit("javac scripts/OnnxInt8Bench.java failed: build the project first")
        for spec in args.onnx_files.split(","):
            name, _, path = spec.partition("=")
            runners.append(onnx_file_runner(args, name, os.path.abspath(path), classes_dir))
            notes.append(f"ort-alone-{name}: ONNX Runtime alone (scripts/OnnxInt8Bench.java) on "
                         f"{path}, infer only, the mean of the timed passes")
    runners.append(torch_runner(args))
    if args.torch_tuned:
        runners.append(torch_runner(args, tuned=True))
        notes.append(f"{TORCH_TUNED}: PyTorch with GLIBC_TUNABLES={LAUNCHER_TUNABLES}, the "
                     "allocator settings the sanet launcher applies; ratios stay relative to "
                     f"{TORCH} (glibc's defaults)")
    if args.fold_bn and "infer" in args.modes:
        notes.append("sanet infer runs with --fold-bn (batch norm folded into the convolutions)")
    return runners, notes


def fmt(v, digits=1):
    return "n/a" if v is None else f"{v:,.{digits}f}"


def summarize(rounds, runners, mode):
    rows = []
    by = {}
    for r in rounds:
        if r["mode"] == mode and r["ok"]:
            by.setdefault(r["round"], {})[r["runner"]] = r
    for runner in runners:
        runs = [rr[runner.name] for rr in by.values() if runner.name in rr]
        if not runs:
            rows.append({"runner": runner.name, "rounds": 0})
            continue
        medians = [x["result"]["msPerIter"]["median"] for x in runs]
        ratios = [rr[runner.name]["result"]["msPerIter"]["median"]
                  / rr[TORCH]["result"]["msPerIter"]["median"]
                  for rr in by.values() if runner.name in rr and TORCH in rr]
        peak = max(x["externalPeakRssMiB"] for x in runs)
        torch_peaks = [x[TORCH]["externalPeakRssMiB"] for x in by.values() if TORCH in x]
        rows.append({
            "runner": runner.name,
            "rounds": len(runs),
            "medianMs": statistics.median(medians),
            "ratio": ({"min": min(ratios), "median": statistics.median(ratios),
                       "max": max(ratios)} if ratios else None),
            "peakRssMiB": peak,
            "selfReportedPeakRssMiB": max((x["result"].get("peakRssMiB") or 0) for x in runs),
            "rssRatio": peak / max(torch_peaks) if torch_peaks else None,
            "engine": f"{runs[0]['result'].get('engine', '')} "
                      f"{runs[0]['result'].get('engineVersion', runs[0]['result'].get('torch', ''))}"
                      .strip(),
            "threads": runs[0]["result"].get("threads"),
        })
    return rows


def print_table(mode, settings, rows):
    print(f"\n### {mode}: {settings}\n")
    print("| runner | engine | threads | rounds | median ms | ratio to PyTorch min / median / max "
          "| peak RSS MiB (outside) | RSS ratio |")
    print("|---|---|---:|---:|---:|---|---:|---:|")
    for r in rows:
        if not r["rounds"]:
            print(f"| {r['runner']} | | | 0 | failed | | | |")
            continue
        q = r["ratio"]
        ratio = "n/a" if q is None else \
            f"{q['min']:.2f} / {q['median']:.2f} / {q['max']:.2f}"
        print(f"| {r['runner']} | {r['engine']} | {r['threads']} | {r['rounds']} | "
              f"{fmt(r['medianMs'])} | {ratio} | {fmt(r['peakRssMiB'], 0)} | "
              f"{fmt(r['rssRatio'], 2)} |")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sanet", default=os.path.join(ROOT, "sanet"), help="the launcher")
    p.add_argument("--python", default="/usr/bin/python3", help="Python with torch for torch_sanet")
    p.add_argument("--engines", default="mxnet,pytorch",
                   help="sanet engines, comma-separated; 'default' = the launcher's choice")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--threads", type=int, default=2, help="OMP_NUM_THREADS for every process")
    p.add_argument("--modes", default="infer,train")
    p.add_argument("--backbone", default="resnet50")
    p.add_argument("--variant", default="sanet", choices=["sanet", "fcn", "fcn-se"])
    p.add_argument("--classes", type=int, default=21)
    p.add_argument("--width", type=int, default=None, help="base width (default: 64, unchanged)")
    p.add_argument("--infer-size", type=int, default=512)
    p.add_argument("--infer-batch", type=int, default=1)
    p.add_argument("--infer-iters", type=int, default=10)
    p.add_argument("--infer-warmup", type=int, default=2)
    p.add_argument("--train-size", type=int, default=256)
    p.add_argument("--train-batch", type=int, default=2)
    p.add_argument("--train-iters", type=int, default=5)
    p.add_argument("--train-warmup", type=int, default=3)
    p.add_argument("--no-fold-bn", dest="fold_bn", action="store_false",
                   help="sanet inference without --fold-bn (default: with)")
    p.add_argument("--no-torch-tuned", dest="torch_tuned", action="store_false",
                   help="skip the extra PyTorch run with the launcher's allocator settings")
    p.add_argument("--onnx-files", default="",
                   help="NAME=FILE.onnx,...: also time ONNX Runtime alone on exported files "
                        "(e.g. fp32=r50.onnx,int8=r50-int8.onnx), infer only")
    p.add_argument("--prediction", default="mask", choices=["mask", "dense", "sum", "all"],
                   help="infer: what every runner computes (sanet bench --prediction; torch_sanet"
                        " computes the same heads); all = torch_sanet's every output (the runs"
                        " before 2026-12-07)")
    p.add_argument("--timeout", type=float, default=3600, help="seconds per child process")
    p.add_argument("--json", metavar="FILE", help="write settings, every round and the summary")
    args = p.parse_args(argv)
    if args.rounds < 1:
        raise SystemExit("--rounds must be at least 1")
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    for m in modes:
        if m not in ("infer", "train"):
            raise SystemExit(f"unknown mode {m!r}: use infer and/or train")

    runners, notes = preflight(args)
    for n in notes:
        print(f"preflight: {n}", file=sys.stderr)
    rounds = []
    for rnd in range(args.rounds):
        for mode in modes:
            k = rnd % len(runners)
            order = runners[k:] + runners[:k]  # rotate who goes first
            for runner in order:
                if runner.fixed_cmd and mode != "infer":
                    continue
                cmd = list(runner.base_cmd) if runner.fixed_cmd else \
                    runner.base_cmd + model_args(args) + mode_args(args, mode)
                if mode == "infer" and args.prediction != "all" and not runner.fixed_cmd:
                    # The same work for every runner: only what that prediction reads.
                    cmd = cmd + ["--prediction", args.prediction]
                if (mode == "infer" and args.fold_bn and runner.name.startswith("sanet")
                        and runner.name != "sanet-onnxruntime"):
                    # ONNX Runtime's graph has its batch norms folded by the export already.
                    cmd = cmd + ["--fold-bn"]
                print(f"round {rnd + 1}/{args.rounds} {mode} {runner.name}: "
                      f"{shlex.join(cmd)}", file=sys.stderr)
                rc, out, err, peak, wall = run_child(cmd, runner.env, args.timeout)
                res = last_json(out) if rc == 0 else None
                if res is not None and runner.adapt is not None:
                    res = runner.adapt(res)
                rec = {"round": rnd + 1, "mode": mode, "runner": runner.name, "command": cmd,
                       "rc": rc, "ok": res is not None and "msPerIter" in res, "result": res,
                       "externalPeakRssMiB": round(peak, 2), "wallSeconds": round(wall, 2)}
                if not rec["ok"]:
                    rec["stderrTail"] = err[-4000:]
                    print(f"  failed (rc {rc}): {err.strip()[-1500:]}", file=sys.stderr)
                else:
                    print(f"  median {res['msPerIter']['median']} ms, peak RSS {peak:.0f} MiB "
                          f"(outside), {wall:.0f} s", file=sys.stderr)
                rounds.append(rec)

    summary = {}
    print(f"OMP_NUM_THREADS={args.threads}; {args.rounds} rounds; "
          f"{args.variant}-{args.backbone}, {args.classes} classes"
          + (f", base width {args.width}" if args.width else ""))
    for n in notes:
        print(f"- {n}")
    for mode in modes:
        settings = (f"{vars(args)[mode + '_size']}x{vars(args)[mode + '_size']}, batch "
                    f"{vars(args)[mode + '_batch']}, {vars(args)[mode + '_warmup']} warm-up + "
                    f"{vars(args)[mode + '_iters']} timed passes per run")
        rows = summarize(rounds, runners, mode)
        summary[mode] = rows
        print_table(mode, settings, rows)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"settings": {k: v for k, v in vars(args).items() if k != "json"},
                       "preflight": notes, "rounds": rounds, "summary": summary}, f, indent=1)
        print(f"\nwrote {args.json}", file=sys.stderr)
    failed = [r for r in rounds if not r["ok"]]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
