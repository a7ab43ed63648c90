#!/usr/bin/env bash
# Backup and restore through `holdfast serve` (mutual TLS on loopback) against the same commands on
# a local repository, side by side in one run, alternating per repetition. Certificates come from
# `holdfast tls`; the server runs as its own, long-lived process. --build adds other builds of
# holdfast (their client and their server) to the same run, for before/after comparisons. See
# holdfast-bench/README.md.
set -euo pipefail
usage() {
  cat <<'USAGE'
usage: holdfast-bench/compare-serve.sh [--size 512m] [--runs 3] [--work DIR] [--seed 1]
                                       [--build NAME=JAR]...

  --size SIZE       dataset size, binary units (64m, 1g, ...)                  default 512m
  --runs N          repetitions; times are the median over them                default 3
  --work DIR        scratch folder                        default <repo>/bench-work/serve
  --seed N          dataset seed                                               default 1
  --build NAME=JAR  also time another build's holdfast.jar through its own server (repeatable),
                    e.g. --build before=/tmp/holdfast-main.jar
USAGE
}
SCRIPT=compare-serve.sh
# shellcheck source=holdfast-bench/bench-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
SIZE=512m
RUNS=3
SEED=1
WORK=$REPO_ROOT/bench-work/serve
ARGS="$*"
declare -A BUILD_JAR=()
BUILDS=(serve)
while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --build)
      [[ ${2:-} =~ ^([a-z0-9-]+)=(.+)$ ]] || die "--build takes NAME=JAR (NAME in a-z, 0-9, -)"
      [ -f "${BASH_REMATCH[2]}" ] || die "--build ${BASH_REMATCH[1]}: no file ${BASH_REMATCH[2]}"
      BUILDS+=("serve-${BASH_REMATCH[1]}")
      BUILD_JAR[serve-${BASH_REMATCH[1]}]=$(cd "$(dirname "${BASH_REMATCH[2]}")" && pwd)/$(basename "${BASH_REMATCH[2]}")
      shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument $1" ;;
  esac
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive number, not '$RUNS'"
[ -x "$TIME" ] || die "GNU time is needed at $TIME (Debian package 'time')"
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
build_bench_jar
# A frozen copy of this build's command, so a source change cannot rebuild it mid-run.
"$REPO_ROOT/holdfast" --version >/dev/null
cp "$REPO_ROOT/holdfast-cli/target/holdfast.jar" "$WORK/holdfast.jar"
BUILD_JAR[serve]=$WORK/holdfast.jar
# Clients run as the launcher runs commands (its command_jit: what the optimising compiler may
# compile, at twice the default call counts, and what it must not inline), minus its class-data
# archive; servers as the launcher runs serve (the JIT's defaults).
command_jit=$(sed -n '/^command_jit="/,/"$/p' "$REPO_ROOT/holdfast" | sed 's/^command_jit="//; s/"$//')
read -r -d '' -a COMMAND_JIT <<<"$command_jit" || true
for option in "${COMMAND_JIT[@]}"; do
  [[ $option == -XX:* ]] || die "command_jit in $REPO_ROOT/holdfast is not a list of -XX: options"
done
[ "${#COMMAND_JIT[@]}" -gt 0 ] || die "no command_jit in $REPO_ROOT/holdfast"
JVM=(java -Xlog:disable "${COMMAND_JIT[@]}" -Xmx192m -XX:+UseSerialGC)
SERVER_JVM=(java -Xlog:disable -Xmx192m -XX:+UseSerialGC)

DATA=$WORK/data
LOGS=$WORK/logs
# Restores go to fresh folders, deleted only by the next run of the script (see remove_settled in
# bench-lib.sh).
remove_settled "$WORK"/repo-* "$WORK"/restore-* "$WORK"/tls "$WORK"/state-* "$LOGS"
mkdir -p "$LOGS"
# In place when the dataset is already there (the generator then writes nothing).
java -cp "$JAR" dev.holdfast.bench.DatasetGenerator --out "$DATA" --size "$SIZE" --seed "$SEED" \
  --generation 1 >/dev/null
BYTES=$(find "$DATA" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')

export HOLDFAST_PASSWORD=bench HOLDFAST_CA_PASSWORD=bench-ca
hf() { "${JVM[@]}" -jar "$WORK/holdfast.jar" "$@"; }
hf tls ca init --dir "$WORK/tls/ca" --kdf-memory 1M >/dev/null
hf tls issue --dir "$WORK/tls/ca" --out "$WORK/tls/server" --name server --ip 127.0.0.1 \
  --usage server >/dev/null
hf tls issue --dir "$WORK/tls/ca" --out "$WORK/tls/client" --name client \
  --uri spiffe://holdfast/bench --usage client >/dev/null

# One server per build, started once and kept, as a server runs in production: a repository per
# run, and one for an untimed warm-up backup and restore, so that the timed runs meet a server
# whose JIT has compiled its hot paths (clients are fresh processes every time, as in use).
REPOS=(warmup)
for run in $(seq "$RUNS"); do REPOS+=("run$run"); done
{
  echo '{"repositories": {'
  sep=
  for name in "${REPOS[@]}"; do
    printf '%s"%s": {"read": ["spiffe://holdfast/bench"], "append": ["spiffe://holdfast/bench"]}' "$sep" "$name"
    sep=$',\n'
  done
  echo '}}'
} >"$WORK/policy.json"
declare -A SERVER_PID=() SERVER_URL=()
stop_servers() { for pid in "${SERVER_PID[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop_servers EXIT
for build in "${BUILDS[@]}"; do
  offered=()
  for name in "${REPOS[@]}"; do offered+=(--repository "$name=$WORK/repo-$build-$name"); done
  # Started directly (not through a shell function), so that $! is the server's own process.
  "${SERVER_JVM[@]}" -jar "${BUILD_JAR[$build]}" serve --listen 127.0.0.1:0 "${offered[@]}" \
    --policy "$WORK/policy.json" --tls-dir "$WORK/tls/server" --state-dir "$WORK/state-$build" \
    --port-file "$WORK/port-$build" >"$LOGS/$build-server.log" 2>&1 &
  SERVER_PID[$build]=$!
  rm -f "$WORK/port-$build"
  for _ in $(seq 100); do [ -s "$WORK/port-$build" ] && break; sleep 0.1; done
  [ -s "$WORK/port-$build" ] || die "serve ($build) did not start: $(cat "$LOGS/$build-server.log")"
  SERVER_URL[$build]="https://127.0.0.1:$(cat "$WORK/port-$build")"
done

# The client command of BUILD for RUN's repository (local: a folder), into the array CMD.
client() {
  local build=$1 name=$2
  [ "$name" = warmup ] || name=run$name
  if [ "$build" = local ]; then
    CMD=("${JVM[@]}" -jar "$WORK/holdfast.jar" --repo "$WORK/repo-local-$name")
  else
    CMD=("${JVM[@]}" -jar "${BUILD_JAR[$build]}" --repo "${SERVER_URL[$build]}/$name"
      --tls-dir "$WORK/tls/client")
  fi
}
# CPU seconds (user + system) the server of BUILD has used so far; 0 for local.
server_cpu() {
  [ "$1" = local ] && { echo 0; return; }
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15) / hz }' "/proc/${SERVER_PID[$1]}/stat"
}
# timed BUILD STEP RUN ARGS...: appends "build step run seconds client-cpu server-cpu rss-KiB".
timed() {
  local build=$1 step=$2 run=$3 before after secs user sys kib
  shift 3
  client "$build" "$run"
  sync
  before=$(server_cpu "$build")
  "$TIME" -f '%e %U %S %M' -o "$LOGS/$build-$step-$run.time" "${CMD[@]}" "$@" \
    >"$LOGS/$build-$step-$run.log" 2>&1 ||
    { tail -n 20 "$LOGS/$build-$step-$run.log" >&2; die "$build $step failed"; }
  after=$(server_cpu "$build")
  read -r secs user sys kib <"$LOGS/$build-$step-$run.time"
  echo "$build $step $run $secs $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.2f", a - b }') $kib" >>"$WORK/times"
  printf '  %-6s %-16s %-8s %6.2f s\n' "$run" "$build" "$step" "$secs"
}
: >"$WORK/times"
find "$DATA" -type f -print0 | xargs -0 cat >/dev/null
echo "warming up the servers (untimed backup and restore each)"
for build in "${BUILDS[@]}"; do
  client "$build" warmup
  "${CMD[@]}" init --kdf-memory 64K --kdf-iterations 1 >/dev/null
  timed "$build" backup warmup backup "$DATA"
  timed "$build" restore warmup restore latest --target "$WORK/restore-$build-warmup"
done
ORDER=(local "${BUILDS[@]}")
for run in $(seq "$RUNS"); do
  order=("${ORDER[@]}")
  if [ $((run % 2)) = 0 ]; then # reversed every other run, so drift falls on all alike
    order=()
    for ((i = ${#ORDER[@]} - 1; i >= 0; i--)); do order+=("${ORDER[$i]}"); done
  fi
  for build in "${order[@]}"; do
    client "$build" "$run"
    "${CMD[@]}" init --kdf-memory 64K --kdf-iterations 1 >/dev/null
  done
  for step in backup restore; do
    for build in "${order[@]}"; do
      if [ $step = backup ]; then
        timed "$build" backup "$run" backup "$DATA"
      else
        timed "$build" restore "$run" restore latest --target "$WORK/restore-$build-$run"
      fi
    done
  done
done
for build in local "${BUILDS[@]}"; do
  root=$(dirname "$(find "$WORK/restore-$build-$RUNS" -name dataset.properties -print -quit)")
  diff -r -q "$DATA" "$root" >"$LOGS/$build-verify.log" 2>&1 ||
    die "the last restore of $build differs from the data ($LOGS/$build-verify.log)"
done

# median FIELD BUILD STEP over the timed runs (not the warm-up); FIELD 4 = seconds, 5 = client
# CPU, 6 = server CPU.
med() { median "$(awk -v f="$1" -v b="$2" -v s="$3" '$1 == b && $2 == s && $3 != "warmup" { print $f }' "$WORK/times")"; }
warm() { awk -v f="$1" -v b="$2" -v s="$3" '$1 == b && $2 == s && $3 == "warmup" { print $f }' "$WORK/times"; }
# The median over the runs of BUILD's time over local's time in the same run: each run has both
# back to back, so a slow moment of a shared machine weighs on both sides of its ratio alike.
per_run() {
  median "$(awk -v b="$1" -v s="$2" '$2 == s && $3 != "warmup" { t[$1 " " $3] = $4; runs[$3] = 1 }
    END { for (r in runs) if (t["local " r] > 0) printf "%.4f\n", t[b " " r] / t["local " r] }' "$WORK/times")"
}
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)
{
  echo "## backup and restore through holdfast serve, against local"
  echo
  echo "Command: \`holdfast-bench/compare-serve.sh${ARGS:+ $ARGS}\` ($(date -u '+%Y-%m-%d %H:%M UTC'))"
  echo
  echo "- Machine: ${cpu:-unknown CPU}, $(nproc) CPUs, $(uname -sr); $(java -version 2>&1 | head -n1)"
  echo "- Dataset: $BYTES bytes (seed $SEED). Median of $RUNS run(s), order alternated per run;"
  echo "  each server warmed by one untimed backup and restore (times in $WORK/times)."
  echo "- Per run: the median over the runs of the time over local's time in the same run."
  echo "- CPU: user + system seconds of the client process, and of the server during the step."
  echo
  echo "| step | where | seconds | / local | per run | client CPU s | server CPU s | cold server s |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  for step in backup restore; do
    l=$(med 4 local $step)
    for build in local "${BUILDS[@]}"; do
      s=$(med 4 "$build" $step)
      printf '| %s | %s | %.2f | %s | %.2f | %.2f | %.2f | %s |\n' "$step" "$build" "$s" \
        "$(ratio "$s" "$l")" "$(per_run "$build" $step)" "$(med 5 "$build" $step)" \
        "$(med 6 "$build" $step)" "$(warm 4 "$build" $step)"
    done
  done
} | tee "$WORK/results.md"
echo "written to $WORK/results.md (per-run figures in $WORK/times, output in $LOGS)"
stop_servers
# Left in place: deleting them now would slow whatever creates files next (see remove_settled).
echo "repositories and restores stay in $WORK until the next run (du -sh $WORK to see their size)"
