#!/usr/bin/env bash
# Prune on a repository with a long history, holdfast against restic: both tools back up the same
# G generations of the generated dataset (one snapshot each, an hour apart via --time), then each
# forgets all but the last K snapshots and prunes. The prune is timed (median of --runs, each on a
# fresh copy of the same repository) with peak RSS. See holdfast-bench/README.md.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: holdfast-bench/compare-prune.sh [--size 256m] [--generations 30] [--keep 5] [--runs 3]
                                       [--work DIR] [--seed 1] [--holdfast-init "ARGS"]
--holdfast-init passes ARGS to holdfast init, e.g. "--chunk-avg 512K --chunk-min 256K".
REUSE=1 reuses the two histories of an earlier run with the same size, generations and seed.
USAGE
}
SCRIPT=compare-prune.sh
# shellcheck source=holdfast-bench/bench-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
SIZE=256m
GENERATIONS=30
KEEP=5
RUNS=3
SEED=1
HOLDFAST_INIT=""
WORK=$REPO_ROOT/bench-work/prune
while [ $# -gt 0 ]; do
  case $1 in
    --size) SIZE=$2; shift 2 ;;
    --generations) GENERATIONS=$2; shift 2 ;;
    --keep) KEEP=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --holdfast-init) HOLDFAST_INIT=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done

need_tools

mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
DATA=$WORK/data
LOGS=$WORK/logs
mkdir -p "$LOGS"
export HOLDFAST_PASSWORD=bench-passphrase-not-a-secret
export RESTIC_PASSWORD=$HOLDFAST_PASSWORD
export XDG_CACHE_HOME=$WORK/cache

run() { # run LOG CMD... : runs quietly, shows the log's end on failure
  local log=$1
  shift
  if ! "$@" >"$log" 2>&1; then
    echo "compare-prune.sh: failed: $*" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
}

STAMP="size=$SIZE generations=$GENERATIONS seed=$SEED holdfast-init=$HOLDFAST_INIT"
if [ "${REUSE:-}" = 1 ] && [ "$(cat "$WORK/base.stamp" 2>/dev/null)" = "$STAMP" ]; then
  echo "reusing the histories in $WORK (REUSE=1)"
else
rm -rf "$DATA" "$WORK"/base-* "$WORK"/work-* "$WORK/cache" "$WORK/base.stamp"
# shellcheck disable=SC2086 # ARGS are words
run "$LOGS/init-holdfast.log" "$HOLDFAST_BIN" --repo "$WORK/base-holdfast" init $HOLDFAST_INIT
run "$LOGS/init-restic.log" "$RESTIC_BIN" -r "$WORK/base-restic" init
echo "backing up $GENERATIONS generations of a $SIZE dataset with both tools"
for g in $(seq 1 "$GENERATIONS"); do
  java -cp "$JAR" dev.holdfast.bench.DatasetGenerator --out "$DATA" --size "$SIZE" --seed "$SEED" \
    --generation "$g" >/dev/null
  t=$(date -u -d "2026-01-01 00:00:00 UTC + $g hours" '+%Y-%m-%d %H:%M:%S')
  run "$LOGS/backup-holdfast-$g.log" "$HOLDFAST_BIN" --repo "$WORK/base-holdfast" backup --time "$t" "$DATA"
  run "$LOGS/backup-restic-$g.log" "$RESTIC_BIN" -r "$WORK/base-restic" backup --time "$t" "$DATA"
done
echo "$STAMP" >"$WORK/base.stamp"
fi
BEFORE_H=$(du -sb "$WORK/base-holdfast" | cut -f1)
BEFORE_R=$(du -sb "$WORK/base-restic" | cut -f1)
echo "repository sizes before: holdfast $((BEFORE_H / 1048576)) MiB, restic $((BEFORE_R / 1048576)) MiB"

declare -A SECS=() RSS=() AFTER=()
for r in $(seq 1 "$RUNS"); do
  for tool in holdfast restic; do
    rm -rf "$WORK/work-$tool" "$WORK/cache"
    cp -a "$WORK/base-$tool" "$WORK/work-$tool"
    sync
    if [ "$tool" = holdfast ]; then
      cmd=("$HOLDFAST_BIN" --repo "$WORK/work-holdfast" forget --keep-last "$KEEP" --prune)
    else
      cmd=("$RESTIC_BIN" -r "$WORK/work-restic" forget --keep-last "$KEEP" --prune)
    fi
    "$TIME" -f '%e %M' -o "$LOGS/$tool-$r.time" "${cmd[@]}" >"$LOGS/$tool-prune-$r.log" 2>&1 ||
      { tail -n 20 "$LOGS/$tool-prune-$r.log" >&2; die "$tool forget --prune failed"; }
    read -r secs kib <"$LOGS/$tool-$r.time"
    SECS[$tool]+="$secs "
    [ "$kib" -gt "${RSS[$tool]:-0}" ] && RSS[$tool]=$kib
    AFTER[$tool]=$(du -sb "$WORK/work-$tool" | cut -f1)
    printf '  run %d %-8s %7.2f s %6d MiB RSS\n' "$r" "$tool" "$secs" $((kib / 1024))
  done
done

h=$(median "${SECS[holdfast]}")
rs=$(median "${SECS[restic]}")
{
  echo "| forget --keep-last $KEEP --prune, $GENERATIONS snapshots of $SIZE${HOLDFAST_INIT:+ (holdfast init $HOLDFAST_INIT)} | holdfast | restic | restic / holdfast |"
  echo "|---|---|---|---|"
  printf '| time (median of %d) | %.2f s | %.2f s | %.2f× |\n' "$RUNS" "$h" "$rs" "$(ratio "$rs" "$h")"
  printf '| peak RSS | %d MiB | %d MiB | %.2f× |\n' $((RSS[holdfast] / 1024)) $((RSS[restic] / 1024)) \
    "$(ratio "${RSS[restic]}" "${RSS[holdfast]}")"
  printf '| repository before | %d MiB | %d MiB | %.2f× |\n' $((BEFORE_H / 1048576)) $((BEFORE_R / 1048576)) \
    "$(ratio "$BEFORE_H" "$BEFORE_R")"
  printf '| repository after | %d MiB | %d MiB | %.2f× |\n' $((AFTER[holdfast] / 1048576)) $((AFTER[restic] / 1048576)) \
    "$(ratio "${AFTER[holdfast]}" "${AFTER[restic]}")"
} | tee "$WORK/results.md"
