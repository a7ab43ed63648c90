#!/usr/bin/env bash
# Security posture at scale, whole process: ingest of a large generated SARIF report (default heap
# and a small one), and posture over a repository with a long snapshot history, next to the plain
# snapshot listing it builds on. Times come from hyperfine (medians over every run), peak RSS from
# GNU time. See holdfast-bench/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: holdfast-bench/bench-sast.sh [--results 100000] [--snapshots 10000] [--runs 5] [--rounds 2]
                                    [--small-heap 64m] [--work DIR] [--seed 1] [--s3 [--port 18081]]

  --results N      results in the generated SARIF report                      default 100000
  --snapshots N    snapshots in the generated history (20 sources, 200 app
                   versions of 5 apps, a 200-finding report for most)        default 10000
  --runs N         hyperfine runs per command and round                       default 5
  --rounds N       rounds; the command order flips every round, times are
                   the median over all rounds' runs                           default 2
  --small-heap S   the deliberately small heap of the second ingest           default 64m
  --work DIR       scratch folder: report, repositories, logs, results        default <repo>/bench-work/sast
  --seed N         seed of the report and the history                         default 1
  --s3             also list the history through S3Proxy on loopback (a copy of it as a bucket),
                   without and with the snapshot cache (needs curl)
  --port N         S3Proxy's port with --s3                                    default 18081

Environment:
  HOLDFAST_BIN  holdfast command; default: a frozen copy of <repo>/holdfast and its jar in DIR
  REUSE=1       keep the report and history of an earlier run with the same parameters
EOF
}

SCRIPT=bench-sast.sh
# shellcheck source=holdfast-bench/bench-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
NRESULTS=100000
NSNAPSHOTS=10000
RUNS=5
ROUNDS=2
SMALL_HEAP=64m
SEED=1
S3=0
S3REPO=
PORT=18081
WORK=$REPO_ROOT/bench-work/sast
ARGS="$*"
while [ $# -gt 0 ]; do
  case $1 in
    --results | --snapshots | --runs | --rounds | --small-heap | --work | --seed | --port)
      [ $# -ge 2 ] || die "missing value after $1"
      case $1 in
        --results) NRESULTS=$2 ;;
        --snapshots) NSNAPSHOTS=$2 ;;
        --runs) RUNS=$2 ;;
        --rounds) ROUNDS=$2 ;;
        --small-heap) SMALL_HEAP=$2 ;;
        --work) WORK=$2 ;;
        --seed) SEED=$2 ;;
        --port) PORT=$2 ;;
      esac
      shift 2
      ;;
    --s3) S3=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
for n in "$NRESULTS" "$NSNAPSHOTS" "$RUNS" "$ROUNDS" "$PORT"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || die "counts must be positive numbers, not '$n'"
done
[[ $SMALL_HEAP =~ ^[1-9][0-9]*[kKmMgG]$ ]] || die "--small-heap is a java heap size like 128m"

[ -x "$TIME" ] || die "GNU time is needed at $TIME (Debian package 'time')"
command -v hyperfine >/dev/null || die "hyperfine is needed (Debian package 'hyperfine')"
command -v jq >/dev/null || die "jq is needed (Debian package 'jq')"
build_bench_jar

mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
LOGS=$WORK/logs
rm -rf "$LOGS"
mkdir -p "$LOGS"
export HOLDFAST_PASSWORD=bench-passphrase-not-a-secret
unset HOLDFAST_JAVA_OPTS
# The local snapshot cache: "cold" rows wipe it before each run, "warm" rows find it filled.
CACHE=$WORK/cache
export HOLDFAST_CACHE_DIR=$CACHE

# The launcher rebuilds its jar when a source is newer, which must not happen on the clock: time a
# frozen copy of the launcher and the jar it builds (it records its class-data archive once here).
if [ "$HOLDFAST_BIN" = "$REPO_ROOT/holdfast" ]; then
  "$REPO_ROOT/holdfast" --version >/dev/null
  rm -rf "$WORK/frozen"
  mkdir -p "$WORK/frozen/holdfast-cli/target"
  cp "$REPO_ROOT/holdfast" "$WORK/frozen/holdfast"
  cp "$REPO_ROOT/holdfast-cli/target/holdfast.jar" "$WORK/frozen/holdfast-cli/target/"
  HOLDFAST_BIN=$WORK/frozen/holdfast
fi
"$HOLDFAST_BIN" --version >/dev/null 2>&1 || die "'$HOLDFAST_BIN' does not run (set HOLDFAST_BIN)"
HF=$HOLDFAST_BIN

# --- fixtures ---------------------------------------------------------------------------------

REPORT=$WORK/report-$NRESULTS-s$SEED.sarif
HISTORY=$WORK/history-$NSNAPSHOTS-s$SEED
STAMP="$(sha256sum "$JAR" | cut -c1-16) results=$NRESULTS snapshots=$NSNAPSHOTS seed=$SEED"
if [ "${REUSE:-}" = 1 ] && [ "$(cat "$WORK/fixtures.stamp" 2>/dev/null)" = "$STAMP" ]; then
  echo "reusing $REPORT and $HISTORY (REUSE=1)"
else
  rm -rf "$WORK"/report-*.sarif "$WORK"/history-* "$WORK/fixtures.stamp"
  java -cp "$JAR" dev.holdfast.bench.SarifGenerator --out "$REPORT" --results "$NRESULTS" \
    --seed "$SEED"
  java -cp "$JAR" dev.holdfast.bench.PostureHistoryGenerator --repo "$HISTORY" \
    --snapshots "$NSNAPSHOTS" --seed "$SEED"
  echo "$STAMP" >"$WORK/fixtures.stamp"
fi
REPORT_MB=$(awk -v b="$(stat -c %s "$REPORT")" 'BEGIN { printf "%.1f", b / 1e6 }')
# The newest snapshot's source, for restore --latest-clean.
SOURCE=$("$HF" --repo "$HISTORY" snapshots --json | jq -r '.[-1].source')

# Empty repositories with the fast (insecure, benchmark-only) KDF and the default one, to show what
# opening a repository costs on its own.
init_fast() { "$HF" --repo "$1" init --kdf-memory 64K --kdf-iterations 1 >/dev/null; }
rm -rf "$WORK/empty-fast" "$WORK/empty-default"
init_fast "$WORK/empty-fast"
"$HF" --repo "$WORK/empty-default" init >/dev/null

# With --s3, the same history as a bucket of S3Proxy (whose filesystem store keeps objects as
# plain files, so a copy of the folder is the bucket), listed with a cache of its own.
if [ "$S3" = 1 ]; then
  rm -rf "$WORK/s3store" "$WORK/cache-s3"
  mkdir -p "$WORK/s3store"
  cp -r "$HISTORY" "$WORK/s3store/history"
  start_s3proxy "$WORK" "$PORT" "$WORK/s3store" "$LOGS/s3proxy.log"
  S3REPO="--insecure-http --repo s3:http://127.0.0.1:$PORT/history"
fi

# --- measuring --------------------------------------------------------------------------------

declare -A SECS=() USER=() RSS=()
# measure ROUND NAME CMD [PREPARE] ...: one hyperfine call over the given commands (name, shell
# command and prepare command in threes), each wrapped in GNU time for its peak RSS. Appends the
# run times, mean user CPU and RSS per name.
measure() {
  local round=$1
  shift
  local names=() hargs=()
  while [ $# -gt 0 ]; do
    local name=$1 cmd=$2 prep=$3
    shift 3
    names+=("$name")
    hargs+=(--prepare "sync; $prep" "$TIME -v -a -o $LOGS/$name.time $cmd >>$LOGS/$name.out 2>&1")
  done
  hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$LOGS/round$round.json" \
    "${hargs[@]}" >>"$LOGS/hyperfine.log" 2>&1 || { tail -n 30 "$LOGS/hyperfine.log" >&2; die "hyperfine failed"; }
  local i=0
  for name in "${names[@]}"; do
    SECS[$name]+="$(jq -r ".results[$i].times[]" "$LOGS/round$round.json" | tr '\n' ' ')"
    USER[$name]+="$(jq -r ".results[$i].user" "$LOGS/round$round.json") "
    i=$((i + 1))
  done
}
# peak NAME: the largest peak RSS (MiB) of NAME's runs, warmup included.
peak() { grep 'Maximum resident' "$LOGS/$1.time" | awk '{ if ($NF > m) m = $NF } END { printf "%d", m / 1024 }'; }
# Fails when any run of NAME exited non-zero (GNU time notes it).
check_ok() {
  if grep -q 'Command exited with non-zero status' "$LOGS/$1.time"; then
    tail -n 5 "$LOGS/$1.out" >&2
    die "$1 failed (see $LOGS/$1.out)"
  fi
}

INGEST=(sast ingest "$REPORT" --app shop --version v1)
for r in $(seq 1 "$ROUNDS"); do
  echo "round $r of $ROUNDS"
  a=(ingest-default "$HF --repo $WORK/ingest-a ${INGEST[*]}" "rm -rf $WORK/ingest-a; $HF --repo $WORK/ingest-a init --kdf-memory 64K --kdf-iterations 1")
  b=(ingest-small "env HOLDFAST_JAVA_OPTS='-Xmx$SMALL_HEAP -XX:+UseSerialGC' $HF --repo $WORK/ingest-b ${INGEST[*]}" "rm -rf $WORK/ingest-b; $HF --repo $WORK/ingest-b init --kdf-memory 64K --kdf-iterations 1")
  c=(snapshots "$HF --repo $HISTORY snapshots --json --no-cache" "true")
  c1=(snapshots-cold "$HF --repo $HISTORY snapshots --json" "rm -rf $CACHE")
  c2=(snapshots-warm "$HF --repo $HISTORY snapshots --json" "true")
  d=(posture "$HF --repo $HISTORY posture --json --no-cache" "true")
  d1=(posture-cold "$HF --repo $HISTORY posture --json" "rm -rf $CACHE")
  d2=(posture-warm "$HF --repo $HISTORY posture --json" "true")
  e=(latest-clean "$HF --repo $HISTORY restore --latest-clean --source $SOURCE --target $WORK/restored" "rm -rf $WORK/restored")
  f=(open-fast "$HF --repo $WORK/empty-fast snapshots --json" "true")
  g=(open-default "$HF --repo $WORK/empty-default snapshots --json" "true")
  v=(version "$HF --version" "true")
  s1=(s3-snapshots "$HF $S3REPO snapshots --json --no-cache" "true")
  s2=(s3-snapshots-warm "env HOLDFAST_CACHE_DIR=$WORK/cache-s3 $HF $S3REPO snapshots --json" "true")
  s3=(s3-posture-warm "env HOLDFAST_CACHE_DIR=$WORK/cache-s3 $HF $S3REPO posture --json" "true")
  # Warm rows come after a cold row or the warm-up run of their own, so the cache is filled.
  if [ $((r % 2)) = 1 ]; then
    measure "$r-ingest" "${a[@]}" "${b[@]}"
    measure "$r-history" "${c[@]}" "${c1[@]}" "${c2[@]}" "${d[@]}" "${d1[@]}" "${d2[@]}" "${e[@]}"
    measure "$r-open" "${v[@]}" "${f[@]}" "${g[@]}"
    [ "$S3" = 0 ] || measure "$r-s3" "${s1[@]}" "${s2[@]}" "${s3[@]}"
  else
    [ "$S3" = 0 ] || measure "$r-s3" "${s3[@]}" "${s2[@]}" "${s1[@]}"
    measure "$r-open" "${g[@]}" "${f[@]}" "${v[@]}"
    measure "$r-history" "${e[@]}" "${d2[@]}" "${d1[@]}" "${d[@]}" "${c2[@]}" "${c1[@]}" "${c[@]}"
    measure "$r-ingest" "${b[@]}" "${a[@]}"
  fi
done
for name in ingest-default ingest-small snapshots snapshots-cold snapshots-warm posture \
  posture-cold posture-warm latest-clean open-fast open-default version; do
  check_ok "$name"
done
S3ROWS=()
[ "$S3" = 0 ] || S3ROWS=(s3-snapshots s3-snapshots-warm s3-posture-warm)
for name in "${S3ROWS[@]}"; do
  check_ok "$name"
done

med() { median "${SECS[$1]}"; }
cpu() { median "${USER[$1]}"; }
row() { # row LABEL NAME
  printf '| %s | %.2f | %.2f | %d |\n' "$1" "$(med "$2")" "$(cpu "$2")" "$(peak "$2")"
}
diff_s() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a - b }'; }
{
  echo "\`holdfast-bench/bench-sast.sh${ARGS:+ $ARGS}\` — $(date -u '+%Y-%m-%d'), $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(java -version 2>&1 | head -n1)"
  echo
  echo "| command | median s | user CPU s | peak RSS MiB |"
  echo "|---|---:|---:|---:|"
  row "\`sast ingest\`, $NRESULTS results ($REPORT_MB MB), default heap" ingest-default
  row "\`sast ingest\`, same report, \`-Xmx$SMALL_HEAP\`" ingest-small
  row "\`snapshots --json --no-cache\`, $NSNAPSHOTS snapshots (baseline)" snapshots
  row "\`snapshots --json\`, cold cache (built by the run)" snapshots-cold
  row "\`snapshots --json\`, warm cache" snapshots-warm
  row "\`posture --json --no-cache\`, same $NSNAPSHOTS snapshots, 200 versions" posture
  row "\`posture --json\`, cold cache (built by the run)" posture-cold
  row "\`posture --json\`, warm cache" posture-warm
  row "\`restore --latest-clean --source …\` (empty tree, warm cache)" latest-clean
  row "\`snapshots --json\`, empty repository, fast KDF" open-fast
  row "\`snapshots --json\`, empty repository, default KDF" open-default
  row "\`--version\` (JVM start alone)" version
  if [ "$S3" = 1 ]; then
    row "through S3Proxy: \`snapshots --json --no-cache\`" s3-snapshots
    row "through S3Proxy: \`snapshots --json\`, warm cache" s3-snapshots-warm
    row "through S3Proxy: \`posture --json\`, warm cache" s3-posture-warm
  fi
  echo
  printf 'posture adds %s s to the listing (ratio %s); the small heap takes %s× the time of the default one;\n' \
    "$(diff_s "$(med posture)" "$(med snapshots)")" "$(ratio "$(med posture)" "$(med snapshots)")" \
    "$(ratio "$(med ingest-small)" "$(med ingest-default)")"
  printf 'the default KDF adds %s s to opening a repository (fixtures use the fast one).\n' \
    "$(diff_s "$(med open-default)" "$(med open-fast)")"
  printf 'warm cache: snapshots %s× and posture %s× the time without a cache; cold: %s× and %s×.\n' \
    "$(ratio "$(med snapshots-warm)" "$(med snapshots)")" "$(ratio "$(med posture-warm)" "$(med posture)")" \
    "$(ratio "$(med snapshots-cold)" "$(med snapshots)")" "$(ratio "$(med posture-cold)" "$(med posture)")"
  if [ "$S3" = 1 ]; then
    printf 'through S3Proxy, a warm cache takes %s× the time of no cache for snapshots.\n' \
      "$(ratio "$(med s3-snapshots-warm)" "$(med s3-snapshots)")"
  fi
  echo "Times: median of $((RUNS * ROUNDS)) runs each ($ROUNDS rounds of $RUNS, order flipped per round); user CPU: median of the rounds' means."
} | tee "$WORK/results.md"
