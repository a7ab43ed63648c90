#!/usr/bin/env bash
# Backup and restore through `holdfast serve` (mutual TLS on loopback) against the same commands on
# the local repository the server offers, side by side in one run, alternating per repetition.
# Certificates come from `holdfast tls`; the server runs as its own process. See
# holdfast-bench/README.md.
set -euo pipefail
usage() {
  cat <<'USAGE'
usage: holdfast-bench/compare-serve.sh [--size 512m] [--runs 3] [--work DIR] [--seed 1]
USAGE
}
SCRIPT=compare-serve.sh
# shellcheck source=holdfast-bench/bench-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
SIZE=512m
RUNS=3
SEED=1
WORK=$REPO_ROOT/bench-work/serve
while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument $1" ;;
  esac
done
need_tools java /usr/bin/time
mkdir -p "$WORK"
JAR=$REPO_ROOT/holdfast-bench/target/holdfast-bench.jar
[ -f "$JAR" ] || (cd "$REPO_ROOT" && ./mvnw -B -q -pl holdfast-bench -am package -DskipTests \
  -Dspotbugs.skip=true -Dpmd.skip=true)
# A frozen copy of the command, so a source change cannot rebuild it mid-run.
"$REPO_ROOT/holdfast" --version >/dev/null
cp "$REPO_ROOT/holdfast-cli/target/holdfast.jar" "$WORK/holdfast.jar"
HF=(java -Xlog:disable -Xmx192m -XX:+UseSerialGC -jar "$WORK/holdfast.jar")
hf() { "${HF[@]}" "$@"; }

DATA=$WORK/data
rm -rf "$DATA" "$WORK"/repo-* "$WORK"/restore-* "$WORK"/tls "$WORK"/state
java -cp "$JAR" dev.holdfast.bench.DatasetGenerator --out "$DATA" --size "$SIZE" --seed "$SEED" \
  --generation 1 >/dev/null
BYTES=$(find "$DATA" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')

export HOLDFAST_PASSWORD=bench HOLDFAST_CA_PASSWORD=bench-ca
hf tls ca init --dir "$WORK/tls/ca" --kdf-memory 1M >/dev/null
hf tls issue --dir "$WORK/tls/ca" --out "$WORK/tls/server" --name server --ip 127.0.0.1 \
  --usage server >/dev/null
hf tls issue --dir "$WORK/tls/ca" --out "$WORK/tls/client" --name client \
  --uri spiffe://holdfast/bench --usage client >/dev/null
cat >"$WORK/policy.json" <<'JSON'
{"repositories": {"main": {"read": ["spiffe://holdfast/bench"], "append": ["spiffe://holdfast/bench"],
  "delete": ["spiffe://holdfast/bench"]}}}
JSON
hf serve --listen 127.0.0.1:0 --repository "main=$WORK/repo-served" --policy "$WORK/policy.json" \
  --tls-dir "$WORK/tls/server" --state-dir "$WORK/state" --port-file "$WORK/port" \
  >"$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
[ -s "$WORK/port" ] || die "serve did not start: $(cat "$WORK/serve.log")"
REMOTE="https://127.0.0.1:$(cat "$WORK/port")/main"

timed() { # label, command...: appends "label seconds maxrss-KiB"
  local label=$1; shift
  /usr/bin/time -f "$label %e %M" -a -o "$WORK/times" "$@" >/dev/null
}
: >"$WORK/times"
find "$DATA" -type f -print0 | xargs -0 cat >/dev/null
for run in $(seq "$RUNS"); do
  for where in local serve; do
    if [ "$where" = local ]; then repo=$WORK/repo-local-$run; args=(--repo "$repo"); else
      rm -rf "$WORK/repo-served"; kill $SERVER; wait $SERVER 2>/dev/null || true; rm -f "$WORK/port"
      hf serve --listen 127.0.0.1:0 --repository "main=$WORK/repo-served" \
        --policy "$WORK/policy.json" --tls-dir "$WORK/tls/server" --state-dir "$WORK/state" \
        --port-file "$WORK/port" >"$WORK/serve.log" 2>&1 &
      SERVER=$!
      for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
      REMOTE="https://127.0.0.1:$(cat "$WORK/port")/main"
      args=(--repo "$REMOTE" --tls-dir "$WORK/tls/client"); fi
    hf "${args[@]}" init --kdf-memory 64K --kdf-iterations 1 >/dev/null
    timed "$where-backup" "${HF[@]}" "${args[@]}" backup "$DATA"
    rm -rf "$WORK/restore-$where"
    timed "$where-restore" "${HF[@]}" "${args[@]}" restore latest --target "$WORK/restore-$where"
  done
done
echo "dataset: $BYTES bytes; medians of $RUNS runs, seconds (peak RSS in KiB per run: $WORK/times):"
for step in backup restore; do
  l=$(awk -v k="local-$step" '$1 == k {print $2}' "$WORK/times" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  s=$(awk -v k="serve-$step" '$1 == k {print $2}' "$WORK/times" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$step: local $l s, through serve $s s, serve/local $(awk -v a="$s" -v b="$l" 'BEGIN {printf "%.2f", a / b}')"
done
