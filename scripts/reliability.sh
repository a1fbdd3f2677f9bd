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

# ---------------------------------------------------------------- silently wrong numbers (part 2)
mkdir -p "$S/sc/pred" "$S/sc/gt" "$S/sc/badgt"
first=$(ls "$gt" | head -n1)
cp "$gt/$first" "$S/sc/gt/a.png"
# A prediction that is nothing but the value 77 (outside the classes): every labelled pixel wrong.
java "$root/scripts/ReliabilityImages.java" fill "$S/sc/pred/a.png" "$S/sc/gt/a.png" 77 2>/dev/null
hs=$(tree_hash "$S/sc")
run score --pred "$S/sc/pred" --gt "$S/sc/gt" --classes 6 --json
row "score: predictions outside 0..K-1" "score --pred $S/sc/pred --gt $S/sc/gt --classes 6" \
  "$(grep -o '"pixAcc": *[0-9.]*' "$S/.out"), $(grep -o '"outOfRangePredictions": *[0-9]*' "$S/.out"); $(same "$hs" "$(tree_hash "$S/sc")" "inputs")"

java "$root/scripts/ReliabilityImages.java" fill "$S/sc/badgt/a.png" "$S/sc/gt/a.png" 9 2>/dev/null
cp "$S/sc/gt/a.png" "$S/sc/pred/a.png"
hs=$(tree_hash "$S/sc")
run score --pred "$S/sc/pred" --gt "$S/sc/badgt" --classes 6
row "score: label values >= K (not the ignore value)" "score --pred $S/sc/pred --gt $S/sc/badgt --classes 6" \
  "nothing written; $(same "$hs" "$(tree_hash "$S/sc")" "inputs")"

run score --pred "$S/sc/pred" --gt "$S/sc/badgt" --classes 6 --ignore-bad-labels --json
row "score: the same with --ignore-bad-labels" "score ... --classes 6 --ignore-bad-labels" \
  "$(grep -o '"outOfRangeLabels": *[0-9]*' "$S/.out"); $(same "$hs" "$(tree_hash "$S/sc")" "inputs")"

# ---------------------------------------------------------------- images (part 2)
cp -r "$S/voc" "$S/trunc"
tfirst=$(sed -n 1p "$S/trunc/VOCdevkit/VOC2012/ImageSets/Segmentation/train.txt")
tj="$S/trunc/VOCdevkit/VOC2012/JPEGImages/$tfirst.jpg"
head -c $(($(stat -c %s "$tj") / 2)) "$tj" >"$tj.half" && mv "$tj.half" "$tj"
ht=$(tree_hash "$S/trunc")
run dataset stats --dataset voc --data "$S/trunc" --split train
err="$(grep -m1 'truncated' "$S/.out")"
row "dataset stats: a JPEG cut in half" "dataset stats --dataset voc --data $S/trunc --split train" \
  "(the line above is from standard output) $(same "$ht" "$(tree_hash "$S/trunc")" "dataset")"

mkdir -p "$S/trin" && cp "$tj" "$S/trin/half.jpg"
hi=$(tree_hash "$S/trin")
run predict --model "$M" --input "$S/trin" --output "$S/trout"
row "predict: a JPEG cut in half" "predict ... --input $S/trin --output $S/trout" \
  "trout/ holds $(find "$S/trout" -name '*.png' 2>/dev/null | wc -l) PNGs; $(same "$hi" "$(tree_hash "$S/trin")" "input")"

run train --dataset voc --data "$S/trunc" --backbone resnet18 --base-width 8 --crop 64 \
  --base-size 64 --batch 2 --lr 0.01 --val-split none --epochs 1 --out "$S/trunc-run" --skip-bad
err="$(grep -m1 -i 'skipped' "$S/.err" | sed 's/^[0-9:.]* *[A-Z]* *[A-Za-z]* - //')"
row "train --skip-bad: a JPEG cut in half" "train --data $S/trunc ... --skip-bad" \
  "model/ $( [ -f "$S/trunc-run/model/sanet.json" ] && echo written || echo missing); $(same "$ht" "$(tree_hash "$S/trunc")" "dataset")"

cp -r "$S/voc" "$S/esc"
sp="$S/esc/VOCdevkit/VOC2012/ImageSets/Segmentation/train.txt"
printf '%s\n../../../../x\n/etc/passwd\n' "$(sed -n 1p "$sp")" >"$sp"
he=$(tree_hash "$S/esc")
run train --dataset voc --data "$S/esc" --backbone resnet18 --base-width 8 --crop 64 \
  --base-size 64 --batch 2 --epochs 1 --val-split none --out "$S/esc-run"
row "train: split ids ../../../../x and /etc/passwd" "train --dataset voc --data $S/esc ... (train.txt lists them)" \
  "esc-run/ $( [ -e "$S/esc-run" ] && echo exists || echo "not created"); $(same "$he" "$(tree_hash "$S/esc")" "dataset")"

mkdir -p "$S/colour"
java "$root/scripts/ReliabilityImages.java" cmyk "$S/colour/cmyk.jpg" 2>/dev/null
java "$root/scripts/ReliabilityImages.java" grey "$S/colour/grey.jpg" 2>/dev/null
hc2=$(tree_hash "$S/colour")
run predict --model "$M" --input "$S/colour" --output "$S/colour-out"
row "predict: a CMYK (Adobe) and a grey JPEG" "predict ... --input $S/colour --output $S/colour-out" \
  "$(cd "$S/colour-out" 2>/dev/null && ls -1 ./*.png | sed 's|^\./||' | tr '\n' ' '); $(same "$hc2" "$(tree_hash "$S/colour")" "inputs")"

# ---------------------------------------------------------------- models and checkpoints (part 2)
dmg() { # NAME: a copy of the model to damage
  rm -rf "$S/dmg-$1" && cp -r "$M" "$S/dmg-$1" && echo "$S/dmg-$1"
}
P=sanet-0000.params
d=$(dmg trunc); head -c $(($(stat -c %s "$d/$P") / 2)) "$d/$P" >"$d/x" && mv "$d/x" "$d/$P"
hd2=$(tree_hash "$d")
run predict --model "$d" --input "$S/in" --output "$S/dmg-out1"
row "predict: params truncated to half" "predict --model $d ..." "$(same "$hd2" "$(tree_hash "$d")" "model"), dmg-out1/ holds $(find "$S/dmg-out1" -name '*.png' 2>/dev/null | wc -l) PNGs"

d=$(dmg flip); printf '\x5a' | dd of="$d/$P" bs=1 seek=$(($(stat -c %s "$d/$P") / 2)) conv=notrunc 2>/dev/null
hd2=$(tree_hash "$d")
run predict --model "$d" --input "$S/in" --output "$S/dmg-out2"
row "predict: one byte of params changed" "predict --model $d ..." "$(same "$hd2" "$(tree_hash "$d")" "model")"

d=$(dmg json); printf '\xc3\x28{garbage' >"$d/sanet.json"
hd2=$(tree_hash "$d")
run predict --model "$d" --input "$S/in" --output "$S/dmg-out3"
row "predict: garbage sanet.json" "predict --model $d ..." "$(same "$hd2" "$(tree_hash "$d")" "model")"

rm "$d/manifest.sha256"
run predict --model "$d" --input "$S/in" --output "$S/dmg-out4"
row "predict: garbage sanet.json, no manifest (an older model)" "predict --model $d ..." "model unchanged"

d=$(dmg legacy); rm "$d/manifest.sha256"
run predict --model "$d" --input "$S/in" --output "$S/dmg-out5"
err="$(grep -m1 'manifest' "$S/.err" | sed 's/^[0-9:.]* *[A-Z]* *[A-Za-z]* - //')"
row "predict: a model saved before manifests" "predict --model $d ..." "dmg-out5/ holds $(find "$S/dmg-out5" -maxdepth 1 -name '*.png' | wc -l) masks"

cp -r "$S/run2" "$S/fallback"
newest=$(ls -d "$S/fallback/checkpoints/epoch-"* | sort | tail -n1)
head -c 100 "$newest/parameters.bin" >"$newest/x" && mv "$newest/x" "$newest/parameters.bin"
mkdir -p "$S/fallback/checkpoints/.epoch-0009.0123abcd.tmp"
run "${TRAIN[@]}" --epochs 4 --out "$S/fallback" --resume --json
err="$(grep -m1 'falling back' "$S/.err" | sed 's/^[0-9:.]* *[A-Z]* *[A-Za-z]* - //')"
row "train --resume: newest checkpoint truncated, a stale .tmp folder" "train ... --epochs 4 --out $S/fallback --resume" \
  "$(grep -o '"startEpoch": *[0-9]*' "$S/.out"); stale .tmp $( [ -e "$S/fallback/checkpoints/.epoch-0009.0123abcd.tmp" ] && echo kept || echo removed)"

# ---------------------------------------------------------------- noise, exit statuses
run "${TRAIN[@]}" --epochs 1 --out "$S/quiet"
quiet=$(grep -c 'MKLDNN' "$S/.err")
run "${TRAIN[@]}" --epochs 1 --out "$S/loud" --debug
loud=$(grep -c 'MKLDNN' "$S/.err")
err="(no message: a successful run)"
row "train: engine log lines (MKLDNN ...) without and with --debug" "train ... --out $S/quiet; train ... --out $S/loud --debug" \
  "MKLDNN lines on stderr: $quiet without, $loud with --debug"

run --help
err="$(grep -m1 'Exit status' "$S/.out")"
row "help: exit statuses" "--help" "nothing written"

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
