#!/usr/bin/env bash
# Reruns every case of docs/reliability.md ("inputs are never outputs", "validated before any
# work") with the built launcher against a scratch folder, and prints one Markdown table row per
# case: the case, the command (paths shortened to $S, the scratch folder), the exit status, the
# first line of standard error that comes from sanet (the message), and what was left on disk.
#
#   scripts/reliability.sh [SCRATCH]     (default: a new folder under /tmp, removed afterwards)
#
# "left on disk" hashes the protected tree (SHA-256 over sorted paths and bytes) before and after
# the command. Takes a few minutes on 2 cores (three tiny training runs). Needs bash, sha256sum
# and, for the read-only case as root, chattr.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sanet="$root/sanet"
if [ $# -ge 1 ]; then
  S="$1"
  mkdir -p "$S"
  keep=1
else
  S="$(mktemp -d /tmp/sanet-reliability.XXXXXX)"
  keep=0
fi
S="$(cd "$S" && pwd)"
cleanup() {
  chattr -i "$S/ro" 2>/dev/null
  chmod -R u+w "$S" 2>/dev/null
  [ "$keep" = 1 ] || rm -rf "$S"
}
trap cleanup EXIT
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"

# Build the jar first so that no build message becomes a case's first line.
"$sanet" version >/dev/null 2>&1 || { echo "the launcher does not run: $sanet version" >&2; exit 1; }

tree_hash() { # a tree's paths and bytes, or "absent"
  if [ -e "$1" ]; then
    (cd "$1" 2>/dev/null && find . -print0 | LC_ALL=C sort -z |
      while IFS= read -r -d '' f; do printf '%s\0' "$f"; [ -f "$f" ] && cat "$f"; done | sha256sum | cut -c1-12)
  else
    echo absent
  fi
}

status=0
err=""
run() { # runs sanet ARGS; sets status and err: the first 'sanet' line of stderr, else the last
  # state of the first line (a progress bar redraws itself with carriage returns)
  "$sanet" "$@" >"$S/.out" 2>"$S/.err"
  status=$?
  err="$(grep -m1 '^sanet' "$S/.err" || head -n1 "$S/.err" | tr '\r' '\n' | grep -v '^ *$' | tail -n1)"
  err="$(echo "$err" | sed 's/ *$//')"
}

row() { # case, command (as run), left-on-disk text
  local shown="${2//$S/\$S}" msg="${err//$S/\$S}"
  msg="${msg//|/\\|}"
  shown="${shown//|/\\|}"
  printf '| %s | `%s` | %s | %s | %s |\n' "$1" "$shown" "$status" "$msg" "$3"
}

seconds_since() { # seconds since a `date +%s%N` stamp, one decimal
  local ms=$((($(date +%s%N) - $1) / 1000000))
  printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100))
}

is_png() { [ "$(head -c 4 "$1" | tail -c 3)" = PNG ] && echo "a PNG" || echo "not a PNG"; }

same() { # protected tree before/after -> words
  if [ "$1" = "$2" ]; then echo "$3 unchanged"; else echo "$3 CHANGED"; fi
}

img() { # a small PNG or JPEG: copies an image of the synthetic dataset under a new name
  cp "$(ls "$S/voc/VOCdevkit/VOC2012/JPEGImages/"*.jpg | head -n1)" "$2.tmp.jpg"
  if [ "$1" = png ]; then
    # Any synthetic label PNG decodes as an image, which is all predict needs.
    cp "$(ls "$S/voc/VOCdevkit/VOC2012/SegmentationClass/"*.png | head -n1)" "$2"
    rm -f "$2.tmp.jpg"
  else
    mv "$2.tmp.jpg" "$2"
  fi
}

TRAIN=(train --dataset voc --data "$S/voc" --backbone resnet18 --base-width 8 --crop 64
  --base-size 64 --batch 4 --lr 0.01 --val-split none)

echo "| case | command | exit | first line of the message | left on disk |"
echo "|---|---|---:|---|---|"

# Fixtures: a tiny synthetic VOC tree and a finished two-epoch run whose model predict/eval use.
"$sanet" synth --format voc --out "$S/voc" --images 10 --size 64x64 >/dev/null 2>&1
"$sanet" "${TRAIN[@]}" --epochs 2 --out "$S/run" >/dev/null 2>&1
M="$S/run/model"
mkdir -p "$S/in"
img png "$S/in/cat.png"
img jpg "$S/in/dog.jpg"

# ---------------------------------------------------------------- predict
h=$(tree_hash "$S/in")
run predict --model "$M" --input "$S/in" --output "$S/in"
row "predict: --output is --input" "predict --model \$S/run/model --input $S/in --output $S/in" \
  "$(same "$h" "$(tree_hash "$S/in")" "input tree")"

run predict --model "$M" --input "$S/in" --output "$S/in/masks"
row "predict: --output inside --input" "predict ... --input $S/in --output $S/in/masks" \
  "$(same "$h" "$(tree_hash "$S/in")" "input tree"), no masks/"

mkdir -p "$S/outer/in" && cp "$S/in/"* "$S/outer/in/"
ho=$(tree_hash "$S/outer")
run predict --model "$M" --input "$S/outer/in" --output "$S/outer"
row "predict: --input inside --output" "predict ... --input $S/outer/in --output $S/outer" \
  "$(same "$ho" "$(tree_hash "$S/outer")" "output tree")"

ln -s "$S/in" "$S/alias"
run predict --model "$M" --input "$S/in" --output "$S/alias"
row "predict: --output is a link to --input" "predict ... --input $S/in --output $S/alias" \
  "$(same "$h" "$(tree_hash "$S/in")" "input tree")"

run predict --model "$M" --input "$S/in/cat.png" --output "$S/in" --overwrite
row "predict: an output would replace the input image (even with --overwrite)" \
  "predict ... --input $S/in/cat.png --output $S/in --overwrite" \
  "$(same "$h" "$(tree_hash "$S/in")" "input tree")"

mkdir -p "$S/pred" && printf 'an older mask' >"$S/pred/dog.png"
hp=$(tree_hash "$S/pred")
run predict --model "$M" --input "$S/in" --output "$S/pred"
row "predict: a mask exists, no --overwrite" "predict ... --input $S/in --output $S/pred" \
  "$(same "$hp" "$(tree_hash "$S/pred")" "output folder") (dog.png: $(head -c 13 "$S/pred/dog.png"))"

run predict --model "$M" --input "$S/in" --output "$S/pred" --overwrite
row "predict: a mask exists, --overwrite" "predict ... --input $S/in --output $S/pred --overwrite" \
  "dog.png rewritten ($(is_png "$S/pred/dog.png")), $(same "$h" "$(tree_hash "$S/in")" "input tree")"

mkdir -p "$S/twin"
img jpg "$S/twin/a.jpg"
img png "$S/twin/a.png"
run predict --model "$M" --input "$S/twin" --output "$S/twin-out"
row "predict: a.jpg and a.png" "predict ... --input $S/twin --output $S/twin-out" \
  "$(cd "$S/twin-out" && ls -1 ./*.png | sed 's|^\./||' | tr '\n' ' ')"

printf 'keep me' >"$S/file.txt"
run predict --model "$M" --input "$S/in" --output "$S/file.txt"
row "predict: --output is a file" "predict ... --output $S/file.txt" "file.txt: $(cat "$S/file.txt")"

mkdir -p "$S/ro"
ro_how=""
if [ "$(id -u)" = 0 ]; then
  chattr +i "$S/ro" 2>/dev/null && ro_how="chattr +i (root ignores permissions)"
else
  chmod 555 "$S/ro" && ro_how="chmod 555"
fi
if [ -n "$ro_how" ]; then
  run predict --model "$M" --input "$S/in" --output "$S/ro"
  row "predict: read-only --output ($ro_how)" "predict ... --output $S/ro" \
    "ro/ holds $(find "$S/ro" -mindepth 1 | wc -l) entries"
  run "${TRAIN[@]}" --epochs 1 --out "$S/ro/run"
  row "train: --out under a read-only folder" "train ... --out $S/ro/run" \
    "ro/ holds $(find "$S/ro" -mindepth 1 | wc -l) entries"
  chattr -i "$S/ro" 2>/dev/null
  chmod 755 "$S/ro"
else
  echo "| read-only --output | (skipped: running as root and chattr is unavailable) | | | |"
fi

# ---------------------------------------------------------------- train
hr=$(tree_hash "$S/run")
run "${TRAIN[@]}" --epochs 1 --out "$S/run"
row "train: --out holds a finished run" "train ... --epochs 1 --out $S/run" \
  "$(same "$hr" "$(tree_hash "$S/run")" "run folder")"

run "${TRAIN[@]}" --epochs 1 --out "$S/run" --resume --overwrite
row "train: --resume with --overwrite" "train ... --out $S/run --resume --overwrite" \
  "$(same "$hr" "$(tree_hash "$S/run")" "run folder")"

cp -r "$S/run" "$S/run2"
run "${TRAIN[@]}" --epochs 3 --out "$S/run2" --resume --json
row "train: --resume continues the run" "train ... --epochs 3 --out $S/run2 --resume" \
  "$(grep -o '"startEpoch": *[0-9]*' "$S/.out"), checkpoints: $(ls "$S/run2/checkpoints" | tr '\n' ' ')"

run "${TRAIN[@]}" --epochs 1 --out "$S/run" --overwrite --json
row "train: --overwrite replaces a finished run" "train ... --epochs 1 --out $S/run --overwrite" \
  "$(grep -o '"startEpoch": *[0-9]*' "$S/.out"), checkpoints: $(ls "$S/run/checkpoints" | tr '\n' ' ')"

run "${TRAIN[@]}" --epochs 1 --out "$S/file.txt"
row "train: --out is a file" "train ... --out $S/file.txt" "file.txt: $(cat "$S/file.txt")"

hv=$(tree_hash "$S/voc")
run "${TRAIN[@]}" --epochs 1 --out "$S/voc/runs"
row "train: --out inside --data" "train ... --data $S/voc --out $S/voc/runs" \
  "$(same "$hv" "$(tree_hash "$S/voc")" "dataset")"

cp -r "$S/voc" "$S/broken"
first=$(sed -n 3p "$S/broken/VOCdevkit/VOC2012/ImageSets/Segmentation/train.txt")
rm "$S/broken/VOCdevkit/VOC2012/JPEGImages/$first.jpg"
start=$(date +%s%N)
run train --dataset voc --data "$S/broken" --backbone resnet18 --base-width 8 --crop 64 \
  --base-size 64 --batch 4 --epochs 1 --out "$S/broken-run"
took=$(seconds_since "$start")
row "train: a missing image, no --skip-bad" "train --dataset voc --data $S/broken ... --out $S/broken-run" \
  "${took} s, broken-run/ $( [ -e "$S/broken-run" ] && echo exists || echo "not created")"

cp -r "$S/voc" "$S/corrupt"
first=$(sed -n 1p "$S/corrupt/VOCdevkit/VOC2012/ImageSets/Segmentation/train.txt")
printf 'not a jpeg' >"$S/corrupt/VOCdevkit/VOC2012/JPEGImages/$first.jpg"
run train --dataset voc --data "$S/corrupt" --backbone resnet18 --base-width 8 --crop 64 \
  --base-size 64 --batch 4 --val-split none --epochs 1 --out "$S/corrupt-run"
err="$(grep '^sanet' "$S/.err" | tail -n1)"
row "train: a corrupt image, found by the loader mid-epoch" \
  "train --dataset voc --data $S/corrupt ... --out $S/corrupt-run" \
  "corrupt-run/ holds $(find "$S/corrupt-run" -mindepth 1 2>/dev/null | wc -l) entries (no checkpoint)"

# ---------------------------------------------------------------- eval, score
hm=$(tree_hash "$M")
for a in "--crop 7" "--crop -5" "--base-size -7" "--scales 100"; do
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  run eval --model "$M" --dataset voc --data "$S/voc" $a
  took=$(seconds_since "$start")
  row "eval: $a" "eval --model \$S/run/model --dataset voc --data $S/voc $a" \
    "${took} s with JVM start, model not loaded; $(same "$hm" "$(tree_hash "$M")" "model")"
done

mkdir -p "$S/eval" && printf '{"mine": true}' >"$S/eval/scores.json"
he=$(tree_hash "$S/eval")
run eval --model "$M" --dataset voc --data "$S/voc" --out "$S/eval"
row "eval: --out holds reports" "eval ... --out $S/eval" "$(same "$he" "$(tree_hash "$S/eval")" "eval/")"

gt="$S/voc/VOCdevkit/VOC2012/SegmentationClass"
hg=$(tree_hash "$gt")
run score --pred "$S/pred" --gt "$gt" --classes 6 --out "$gt"
row "score: --out is --gt" "score --pred $S/pred --gt $gt --classes 6 --out $gt" \
  "$(same "$hg" "$(tree_hash "$gt")" "labels")"

run score --pred "$S/pred" --gt "$gt" --classes 6 --ignore 256
row "score: --ignore 256" "score ... --ignore 256" "nothing written"

# ---------------------------------------------------------------- demo, synth, reproduce
mkdir -p "$S/demo/run/checkpoints/epoch-0009" && printf 'old' >"$S/demo/curve.png"
hd=$(tree_hash "$S/demo")
run demo --out "$S/demo" --seconds 30
row "demo: --out holds an earlier demo" "demo --out $S/demo --seconds 30" \
  "$(same "$hd" "$(tree_hash "$S/demo")" "demo folder")"

run synth --format voc --out "$S/voc" --images 4
row "synth: --out holds a tree of that format" "synth --format voc --out $S/voc --images 4" \
  "$(same "$hv" "$(tree_hash "$S/voc")" "dataset")"

mkdir -p "$S/repro" && printf '{}' >"$S/repro/table1.json"
hq=$(tree_hash "$S/repro")
run reproduce table1 --synthetic --out "$S/repro"
row "reproduce: --out holds the same experiment" "reproduce table1 --synthetic --out $S/repro" \
  "$(same "$hq" "$(tree_hash "$S/repro")" "repro/")"

run reproduce table4 --data "$S/voc" --out "$S/voc"
row "reproduce: --out is --data" "reproduce table4 --data $S/voc --out $S/voc" \
  "$(same "$hv" "$(tree_hash "$S/voc")" "dataset")"

# ---------------------------------------------------------------- numbers
# Run from an empty folder, so that default outputs (sanet-demo/, predictions/) would show up there.
mkdir -p "$S/cwd"
hc=$(tree_hash "$S/cwd")
for a in "train --dataset voc --lr 0" "train --dataset voc --threads 0" \
  "train --dataset voc --crop 7" "train --dataset voc --epochs 0" \
  "predict --model M --input I --scales 0.5,100" "demo --distractors 2" \
  "synth --format voc --out Y --images 1" "bench --batch 0" "dataset bench --crop 5" \
  "reproduce figure4 --synthetic --alphas -1"; do
  # shellcheck disable=SC2086
  (cd "$S/cwd" && run $a && printf '%s\n%s\n' "$status" "$err" >"$S/.row")
  status=$(sed -n 1p "$S/.row")
  err=$(sed -n 2p "$S/.row")
  row "numbers" "$a" "$(same "$hc" "$(tree_hash "$S/cwd")" "working folder")"
done
[ "$keep" = 1 ] && echo "(scratch kept in $S)" >&2
exit 0
