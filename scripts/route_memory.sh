#!/usr/bin/env bash
# Peak resident memory and wall time of each prediction route on one large JPEG, and whether the
# routes' masks agree: `sanet predict`, a plain-DJL Criteria program (scripts/CriteriaAgreement.java),
# `sanet spark predict` on local[2] and the example program (PredictExample), each in its own JVM,
# measured with /usr/bin/time (GNU time; apt-get install time).
#
#   scripts/route_memory.sh MODEL_DIR [WIDTH HEIGHT]      (default 6000 4000)
#
# Run from the repository root after `mvn -B -ntp -DskipTests package` (or any ./sanet call, which
# builds the jars). Prints one tab-separated line per route: name, peak RSS in MiB, seconds, and
# whether its mask equals sanet predict's.
set -euo pipefail
cd "$(dirname "$0")/.."
model=$1
w=${2:-6000}
h=${3:-4000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
java scripts/ReliabilityImages.java big "$work/in/big.jpg" "$w" "$h"
# The launcher's allocator setting, for the JVMs started here without it.
export GLIBC_TUNABLES=${GLIBC_TUNABLES-glibc.malloc.arena_max=1:glibc.malloc.hugetlb=1}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-$(nproc)}
cp="sanet-examples/target/sanet.jar:sanet-examples/target/lib/*"

measure() {
    local name=$1
    shift
    /usr/bin/time -f "%M %e" -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" \
        || { echo "$name failed:"; tail -5 "$work/$name.err"; return 1; }
    read -r kb secs <"$work/$name.time"
    printf '%s\t%d MiB\t%s s' "$name" $((kb / 1024)) "$secs"
}
same() {
    if cmp -s "$work/p1/big.png" "$1"; then echo $'\tmask = predict'; else echo $'\tmask DIFFERS'; fi
}

measure predict ./sanet predict --model "$model" --input "$work/in/big.jpg" --output "$work/p1"
echo $'\t(reference)'
measure criteria java -cp "$cp" scripts/CriteriaAgreement.java "$model" "$work/in" "$work/p1"
echo $'\t'"$(cat "$work/criteria.out")"
measure spark ./sanet spark predict --model "$model" --input "$work/in" --output "$work/p3" \
    --master 'local[2]' --format png
same "$work/p3/big.png"
measure example java -cp "$cp" dev.sanet.examples.PredictExample "$work/in/big.jpg" \
    --model "$model" --output "$work/p4"
same "$work/p4/big.png"
