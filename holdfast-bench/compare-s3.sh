#!/usr/bin/env bash
# Backup and restore through S3, holdfast against restic, both talking to the same S3Proxy server
# (filesystem store) on loopback: a full backup of the generated dataset, a restore of it, and a
# copy of its snapshot out of S3 into a new local repository (a second site).
# Times are medians over --runs (each run on fresh buckets), with peak RSS of the client. The
# server shares the machine with the client under test, the same way for both tools.
# See holdfast-bench/README.md.
set -euo pipefail

usage() {
  echo "usage: holdfast-bench/compare-s3.sh [--size 512m] [--runs 3] [--work DIR] [--seed 1] [--port 18080]"
}
SCRIPT=compare-s3.sh
# shellcheck source=holdfast-bench/bench-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
SIZE=512m
RUNS=3
SEED=1
PORT=18080
WORK=$REPO_ROOT/bench-work/s3
while [ $# -gt 0 ]; do
  case $1 in
    --size) SIZE=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done

need_tools

mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
DATA=$WORK/data
LOGS=$WORK/logs
remove_settled "$WORK/store" "$WORK"/restore-* "$WORK"/copy-* "$WORK/cache" "$WORK/warmup"
mkdir -p "$LOGS" "$WORK/store"

# S3Proxy from the S3 module's test classpath, storing objects as files under $WORK/store.
start_s3proxy "$WORK" "$PORT" "$WORK/store" "$LOGS/s3proxy.log"

export HOLDFAST_PASSWORD=bench-passphrase-not-a-secret
export RESTIC_PASSWORD=$HOLDFAST_PASSWORD
export HOLDFAST_FROM_PASSWORD=$HOLDFAST_PASSWORD
export RESTIC_FROM_PASSWORD=$HOLDFAST_PASSWORD
export XDG_CACHE_HOME=$WORK/cache
java -cp "$JAR" dev.holdfast.bench.DatasetGenerator --out "$DATA" --size "$SIZE" --seed "$SEED" \
  --generation 1 >/dev/null
BYTES=$(find "$DATA" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')

# Untimed first: after a build, the launcher records a class-data archive the first time each
# data command runs against S3 (see ../holdfast), a second and about 100 MiB more, once. The timed
# runs measure the steady state, as restic's do.
make_bucket holdfast-warmup
mkdir -p "$WORK/warmup/data"
echo "warm-up" >"$WORK/warmup/data/file"
wrepo="s3:http://127.0.0.1:$PORT/holdfast-warmup/repo"
{
  "$HOLDFAST_BIN" --repo "$wrepo" --insecure-http init &&
    "$HOLDFAST_BIN" --repo "$wrepo" --insecure-http backup "$WORK/warmup/data" &&
    "$HOLDFAST_BIN" --repo "$wrepo" --insecure-http restore latest --target "$WORK/warmup/restore"
} >"$LOGS/holdfast-warmup.log" 2>&1 || { cat "$LOGS/holdfast-warmup.log" >&2; die "warm-up failed"; }

declare -A SECS=() RSS=()
timed() { # timed TOOL STEP CMD...
  local tool=$1 step=$2 run=$3
  shift 3
  sync
  "$TIME" -f '%e %M' -o "$LOGS/$tool-$step-$run.time" "$@" >"$LOGS/$tool-$step-$run.log" 2>&1 ||
    { tail -n 20 "$LOGS/$tool-$step-$run.log" >&2; die "$tool $step failed: $*"; }
  local secs kib
  read -r secs kib <"$LOGS/$tool-$step-$run.time"
  SECS[$tool/$step]+="$secs "
  [ "$kib" -gt "${RSS[$tool/$step]:-0}" ] && RSS[$tool/$step]=$kib
  printf '  run %d %-8s %-8s %7.2f s %6d MiB RSS\n' "$run" "$tool" "$step" "$secs" $((kib / 1024))
}

for r in $(seq 1 "$RUNS"); do
  hrepo="s3:http://127.0.0.1:$PORT/holdfast-$r/repo"
  rrepo="s3:http://127.0.0.1:$PORT/restic-$r/repo"
  make_bucket "holdfast-$r"
  "$HOLDFAST_BIN" --repo "$hrepo" --insecure-http init >"$LOGS/holdfast-init-$r.log" 2>&1 ||
    { cat "$LOGS/holdfast-init-$r.log" >&2; die "holdfast init failed"; }
  "$RESTIC_BIN" -r "$rrepo" init >"$LOGS/restic-init-$r.log" 2>&1 ||
    { cat "$LOGS/restic-init-$r.log" >&2; die "restic init failed"; }
  rm -rf "$WORK/cache"
  timed holdfast backup "$r" "$HOLDFAST_BIN" --repo "$hrepo" --insecure-http backup "$DATA"
  timed restic backup "$r" "$RESTIC_BIN" -r "$rrepo" backup "$DATA"
  # Each restore goes into a new folder, deleted only by the next run of the script (see
  # remove_settled in bench-lib.sh).
  rm -rf "$WORK/cache"
  timed holdfast restore "$r" "$HOLDFAST_BIN" --repo "$hrepo" --insecure-http restore latest \
    --target "$WORK/restore-holdfast-$r"
  timed restic restore "$r" "$RESTIC_BIN" -r "$rrepo" restore latest --target "$WORK/restore-restic-$r"
  # Copy into a new local repository with its own keys (and, for both, its own chunker
  # parameters): each tool decrypts what it reads and encrypts it again for the destination.
  "$HOLDFAST_BIN" --repo "$WORK/copy-holdfast-$r" init >"$LOGS/holdfast-copyinit-$r.log" 2>&1 ||
    { cat "$LOGS/holdfast-copyinit-$r.log" >&2; die "holdfast init of the copy failed"; }
  "$RESTIC_BIN" -r "$WORK/copy-restic-$r" init >"$LOGS/restic-copyinit-$r.log" 2>&1 ||
    { cat "$LOGS/restic-copyinit-$r.log" >&2; die "restic init of the copy failed"; }
  rm -rf "$WORK/cache"
  timed holdfast copy "$r" "$HOLDFAST_BIN" --repo "$WORK/copy-holdfast-$r" --insecure-http copy \
    --from-repo "$hrepo"
  timed restic copy "$r" "$RESTIC_BIN" -r "$WORK/copy-restic-$r" copy --from-repo "$rrepo"
done
# Left in place: deleting them now would slow whatever creates files next (see remove_settled).
echo "repositories and restores stay in $WORK until the next run (du -sh $WORK to see their size)"

{
  printf '| through S3Proxy, %s dataset (%d MiB) | holdfast | restic | restic / holdfast |\n' "$SIZE" $((BYTES / 1048576))
  echo "|---|---|---|---|"
  for step in backup restore copy; do
    h=$(median "${SECS[holdfast/$step]}")
    rs=$(median "${SECS[restic/$step]}")
    printf '| %s time (median of %d) | %.2f s | %.2f s | %.2f× |\n' "$step" "$RUNS" "$h" "$rs" "$(ratio "$rs" "$h")"
    printf '| %s peak RSS | %d MiB | %d MiB | |\n' "$step" $((RSS[holdfast/$step] / 1024)) $((RSS[restic/$step] / 1024))
  done
} | tee "$WORK/results.md"
