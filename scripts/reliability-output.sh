#!/usr/bin/env bash
# Reruns the output cases of docs/reliability.md (issue 26: nothing overwritten, one run per output
# folder, no half-written file under its final name) with the built launcher against a scratch
# folder, printing one Markdown table row per case as scripts/reliability.sh does.
#
#   scripts/reliability-output.sh [SCRATCH]   (default: a new folder under /tmp, removed afterwards)
#
# The full-disk cases mount small tmpfs file systems (needs root and mount; skipped otherwise).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sanet="$root/sanet"
if [ $# -ge 1 ]; then S="$1"; mkdir -p "$S"; keep=1; else S="$(mktemp -d /tmp/sanet-relout.XXXXXX)"; keep=0; fi
S="$(cd "$S" && pwd)"
mounts=()
cleanup() {
  for m in "${mounts[@]}"; do umount "$m" 2>/dev/null; done
  [ "$keep" = 1 ] || rm -rf "$S"
}
trap cleanup EXIT
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
"$sanet" version >/dev/null 2>&1 || { echo "the launcher does not run" >&2; exit 1; }
"$sanet" spark --version >/dev/null 2>&1 || { echo "the spark launcher does not run" >&2; exit 1; }

tree_hash() {
  if [ -e "$1" ]; then
    (cd "$1" 2>/dev/null && find . -print0 | LC_ALL=C sort -z |
      while IFS= read -r -d '' f; do printf '%s\0' "$f"; [ -f "$f" ] && cat "$f"; done | sha256sum | cut -c1-12)
  else echo absent; fi
}
status=0; err=""
first_line() { err="$(grep -m1 '^sanet' "$1" || head -n1 "$1" | tr '\r' '\n' | grep -v '^ *$' | tail -n1)"; err="$(echo "$err" | sed 's/ *$//')"; }
run() { "$sanet" "$@" >"$S/.out" 2>"$S/.err"; status=$?; first_line "$S/.err"; }
row() {
  local shown="${2//$S/\$S}" msg="${err//$S/\$S}"
  msg="${msg//|/\\|}"; shown="${shown//|/\\|}"
  printf '| %s | `%s` | %s | %s | %s |\n' "$1" "$shown" "$status" "$msg" "$3"
}
same() { if [ "$1" = "$2" ]; then echo "$3 unchanged"; else echo "$3 CHANGED"; fi; }
pngs_whole() { # every PNG under a folder decodes to its end (IEND chunk present)
  local bad=0 n=0
  while IFS= read -r -d '' f; do n=$((n+1)); tail -c 8 "$f" | grep -q IEND || bad=$((bad+1)); done < <(find "$1" -name '*.png' -print0)
  echo "$n PNG(s) under final names, $bad incomplete, $(find "$1" -name '.*.tmp' | wc -l) .tmp left"
}
tmpfs() { # a small file system at $1 of size $2
  mkdir -p "$1" && mount -t tmpfs -o size="$2" tmpfs "$1" 2>/dev/null && mounts+=("$1")
}

TRAIN=(train --dataset voc --data "$S/voc" --backbone resnet18 --base-width 8 --crop 64
  --base-size 64 --batch 2 --lr 0.01 --val-split none)
echo "| case | command | exit | first line of the message | left on disk |"
echo "|---|---|---:|---|---|"
"$sanet" synth --format voc --out "$S/voc" --images 16 --size 64x64 >/dev/null 2>&1
"$sanet" "${TRAIN[@]}" --epochs 1 --out "$S/run" >/dev/null 2>&1
M="$S/run/model"
mkdir -p "$S/in"
cp "$S/voc/VOCdevkit/VOC2012/JPEGImages/"*.jpg "$S/in/"

# ------------------------------------------------ weights export: never over a file or into the model
h=$(tree_hash "$M")
run weights export --model "$M" --out "$M/sanet-0000.params" --overwrite
row "weights export: --out is the model's parameter file (even with --overwrite)" \
  "weights export --model $M --out $M/sanet-0000.params --overwrite" "$(same "$h" "$(tree_hash "$M")" "model")"
echo keep > "$S/w.safetensors"
run weights export --model "$M" --out "$S/w.safetensors"
row "weights export: --out exists, no --overwrite" "weights export --model \$S/run/model --out $S/w.safetensors" \
  "w.safetensors: $(cat "$S/w.safetensors")"

# ------------------------------------------------ one run per output folder
"$sanet" "${TRAIN[@]}" --epochs 3 --out "$S/twice" >"$S/a.out" 2>"$S/a.err" &
a=$!
for _ in $(seq 600); do [ -e "$S/twice/.sanet.lock" ] && break; sleep 0.1; done
run "${TRAIN[@]}" --epochs 3 --out "$S/twice"
wait $a; sa=$?
row "train: two runs started together into one --out (the second)" "train ... --epochs 3 --out $S/twice (twice, 2nd while the 1st runs)" \
  "1st run: exit $sa, $(ls "$S/twice/checkpoints" | wc -l) checkpoints; no lock left: $([ -e "$S/twice/.sanet.lock" ] && echo no || echo yes)"

mkdir -p "$S/many"; for i in $(seq 1 12); do cp "$S/in/"*.jpg "$S/many/" 2>/dev/null; for f in "$S/in/"*.jpg; do cp "$f" "$S/many/$i-$(basename "$f")"; done; done
"$sanet" predict --model "$M" --input "$S/many" --output "$S/p2" >/dev/null 2>"$S/b.err" &
b=$!
for _ in $(seq 600); do [ -e "$S/p2/.sanet.lock" ] && break; sleep 0.1; done
run predict --model "$M" --input "$S/in" --output "$S/p2"
wait $b; sb=$?
row "predict: two runs into one --output (the second)" "predict ... --output $S/p2 (2nd while the 1st runs)" \
  "1st run: exit $sb, $(ls "$S/p2" | grep -c '\.png$') index PNGs"

"$sanet" "${TRAIN[@]}" --epochs 50 --out "$S/killed" >/dev/null 2>&1 &
k=$!
for _ in $(seq 600); do [ -e "$S/killed/.sanet.lock" ] && break; sleep 0.1; done
sleep 1; kill -9 $k 2>/dev/null; wait $k 2>/dev/null
run "${TRAIN[@]}" --epochs 1 --out "$S/killed" --overwrite
row "train: rerun after a kill -9 left its lock" "train ... --epochs 1 --out $S/killed --overwrite" \
  "exit 0 expected; lock left afterwards: $([ -e "$S/killed/.sanet.lock" ] && echo yes || echo no)"

# ------------------------------------------------ stale temporary files
mkdir -p "$S/imp/.new-model.00000000cafe0001.tmp"; echo half > "$S/imp/.new-model.00000000cafe0001.tmp/sanet-0000.params"
"$sanet" weights export --model "$M" --out "$S/imp/w.safetensors" >/dev/null 2>&1
run weights import --model "$M" --weights "$S/imp/w.safetensors" --out "$S/imp/new-model"
row "weights import: an interrupted import left .new-model.HEX.tmp/" "weights import ... --out $S/imp/new-model" \
  "$(ls -A "$S/imp" | tr '\n' ' ')"

# ------------------------------------------------ full disks
if tmpfs "$S/full1" 600k; then
  big="$S/bigin"; mkdir -p "$big"
  java "$root/scripts/ReliabilityImages.java" big "$big/photo.jpg" 1600 1200 >/dev/null 2>&1
  run predict --model "$M" --input "$big" --output "$S/full1/out" --overlay
  row "predict --overlay on a full disk (tmpfs 600 KB)" "predict ... --input \$S/bigin --output \$S/full1/out --overlay" \
    "$(pngs_whole "$S/full1")"
fi
if tmpfs "$S/full2" 40k; then
  run spark predict --model "$M" --input "$S/many" --output "$S/full2/out" --format png --master 'local[2]'
  row "spark predict --format png on a full disk (tmpfs 40 KB)" "spark predict ... --output \$S/full2/out --format png" \
    "$(pngs_whole "$S/full2"), $(find "$S/full2" -name '*.png' -size 0 | wc -l) empty; stderr lines: $(wc -l < "$S/.err")"
fi
if tmpfs "$S/full3" 1m; then
  run "${TRAIN[@]}" --epochs 1 --out "$S/full3/run"
  row "train on a disk too small for a checkpoint (tmpfs 1 MB)" "train ... --epochs 1 --out \$S/full3/run" \
    "$(ls -A "$S/full3/run" 2>/dev/null | tr '\n' ' ')(no checkpoint)"
fi

# ------------------------------------------------ Spark: partial Parquet output
mkdir -p "$S/sp/masks.parquet/_temporary/0"
h=$(tree_hash "$S/sp")
run spark predict --model "$M" --input "$S/in" --output "$S/sp" --master 'local[2]'
row "spark predict: masks.parquet holds only _temporary/ (a killed run)" "spark predict ... --output $S/sp" \
  "$(same "$h" "$(tree_hash "$S/sp")" "output folder")"

# ------------------------------------------------ --pretrained mismatch
mkdir -p "$S/cls/a" "$S/cls/b"
for f in $(ls "$S/in/"*.jpg | head -n 4); do cp "$f" "$S/cls/a/"; cp "$f" "$S/cls/b/"; done
"$sanet" pretrain --data "$S/cls" --out "$S/pre" --backbone resnet18 --base-width 8 --epochs 1 --batch 2 --size 32 >/dev/null 2>&1
run "${TRAIN[@]}" --epochs 1 --stem deep32 --pretrained "$S/pre/backbone.safetensors" --out "$S/mis"
row "train: --pretrained holds another stem" "train ... --stem deep32 --pretrained \$S/pre/backbone.safetensors" \
  "$(ls -A "$S/mis" 2>/dev/null | tr '\n' ' ')(no checkpoint)"
