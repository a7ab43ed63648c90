#!/usr/bin/env bash
# Whole-process comparison of holdfast and restic on the generated dataset: full backup, re-backup
# of an unchanged tree, backup after a round of changes, restore, repository size and peak RSS.
# See holdfast-bench/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: holdfast-bench/compare.sh [--size 1g] [--work DIR] [--runs 3] [--seed 1]

  --size SIZE  dataset size, binary units (64m, 1g, ...)             default 1g
  --work DIR   scratch folder: dataset, repositories, logs, results   default <repo>/bench-work
               (needs about (2.3 + 2 x runs) x size: the restores stay until the next start)
  --runs N     repetitions; times are the median over them            default 3
  --seed N     dataset seed                                           default 1

Environment:
  HOLDFAST_BIN  holdfast command (default <repo>/holdfast); skipped if it does not run
  RESTIC_BIN    restic command (default restic); skipped if not installed
EOF
}

SCRIPT=compare.sh
# shellcheck source=holdfast-bench/bench-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
SIZE=1g
RUNS=3
SEED=1
WORK=$REPO_ROOT/bench-work
ARGS="$*"

while [ $# -gt 0 ]; do
  case $1 in
    --size | --work | --runs | --seed)
      [ $# -ge 2 ] || die "missing value after $1"
      case $1 in
        --size) SIZE=$2 ;;
        --work) WORK=$2 ;;
        --runs) RUNS=$2 ;;
        --seed) SEED=$2 ;;
      esac
      shift 2
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      usage >&2
      die "unknown option $1"
      ;;
  esac
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive number, not '$RUNS'"


[ -x "$TIME" ] || die "GNU time is needed at $TIME (Debian package 'time')"
command -v java >/dev/null || die "java is needed to run the dataset generator"

mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
DATA=$WORK/data
LOGS=$WORK/logs
RESULTS=$WORK/results.md
RAW=$WORK/raw.tsv
mkdir -p "$LOGS"

# Both tools get the same throwaway passphrase and a cache folder inside the work dir (restic
# follows XDG_CACHE_HOME), wiped with the repositories so every run starts from a cold cache.
export HOLDFAST_PASSWORD=bench-passphrase-not-a-secret
export RESTIC_PASSWORD=$HOLDFAST_PASSWORD
export XDG_CACHE_HOME=$WORK/cache

# --- tools ------------------------------------------------------------------------------------

TOOLS=()
if command -v "$HOLDFAST_BIN" >/dev/null 2>&1 && "$HOLDFAST_BIN" --help >"$LOGS/holdfast-probe.log" 2>&1; then
  TOOLS+=(holdfast)
else
  echo "skipping holdfast: '$HOLDFAST_BIN' is missing or does not run (set HOLDFAST_BIN)"
fi
if command -v "$RESTIC_BIN" >/dev/null 2>&1; then
  TOOLS+=(restic)
else
  echo "skipping restic: '$RESTIC_BIN' is not installed (Debian package 'restic')"
fi
[ ${#TOOLS[@]} -gt 0 ] || die "neither holdfast nor restic is available"
has() { [[ " ${TOOLS[*]} " == *" $1 "* ]]; }

# Each run has its own repositories and restore folders. Restores are deleted only when the script
# next starts, then waiting out the file system (remove_settled in bench-lib.sh): restoring right
# after deleting the previous restore cost both tools seconds of kernel time on this machine.
repo_dir() { echo "$WORK/repo-$1-$RUN"; }
restore_dir() { echo "$WORK/restore-$1-$RUN"; }

# Sets CMD to the command line of one action of one tool.
command_for() {
  local tool=$1 action=$2 repo target
  repo=$(repo_dir "$tool")
  target=$(restore_dir "$tool")
  case $tool/$action in
    holdfast/init) CMD=("$HOLDFAST_BIN" --repo "$repo" init) ;;
    holdfast/backup) CMD=("$HOLDFAST_BIN" --repo "$repo" backup "$DATA") ;;
    holdfast/restore) CMD=("$HOLDFAST_BIN" --repo "$repo" restore latest --target "$target") ;;
    restic/init) CMD=("$RESTIC_BIN" -r "$repo" init) ;;
    restic/backup) CMD=("$RESTIC_BIN" -r "$repo" backup "$DATA") ;;
    restic/restore) CMD=("$RESTIC_BIN" -r "$repo" restore latest --target "$target") ;;
    *) die "no command for $tool $action" ;;
  esac
}

# Runs one action untimed, failing loudly with the end of its output.
untimed() {
  local tool=$1 action=$2 log=$LOGS/$1-$2-$3.log
  command_for "$tool" "$action"
  if ! "${CMD[@]}" >"$log" 2>&1; then
    echo "compare.sh: $tool $action failed: ${CMD[*]}" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
}

declare -A SECS=() RSS=() REPO_SIZE=()

# Runs one action under GNU time; records elapsed seconds and peak RSS per tool and step.
timed() {
  local tool=$1 step=$2 action=$3 run=$4
  local log=$LOGS/$tool-$step-$run.log timing=$LOGS/$tool-$step-$run.time secs kib
  command_for "$tool" "$action"
  sync # so that one tool's buffered writes are not flushed on the other tool's clock
  if ! "$TIME" -f '%e %M' -o "$timing" "${CMD[@]}" >"$log" 2>&1; then
    echo "compare.sh: $tool $step (run $run) failed: ${CMD[*]}" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
  read -r secs kib <"$timing"
  SECS[$tool/$step]+="$secs "
  if [ "$kib" -gt "${RSS[$tool/$step]:-0}" ]; then RSS[$tool/$step]=$kib; fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$tool" "$step" "$run" "$secs" "$kib" >>"$RAW"
  printf '  %-8s %-9s %8.2f s %7d MiB RSS\n' "$tool" "$step" "$secs" $((kib / 1024))
}

record_size() {
  local tool=$1 key=$2 bytes
  bytes=$(du -sb "$(repo_dir "$tool")" | cut -f1)
  REPO_SIZE[$tool/$key]+="$bytes "
}

# The folder under a restore target that holds the dataset: tools differ in whether they restore
# the absolute path (restic) or the tree alone, so look for the dataset's marker file.
restored_root() {
  local target=$1 candidate marker
  for candidate in "$target$DATA" "$target/$(basename "$DATA")" "$target"; do
    if [ -f "$candidate/dataset.properties" ]; then
      echo "$candidate"
      return
    fi
  done
  marker=$(find "$target" -name dataset.properties -type f -print -quit)
  [ -n "$marker" ] && dirname "$marker"
  return 0
}

verify_restore() {
  local tool=$1 run=$2 root log=$LOGS/$1-verify-$2.log
  root=$(restored_root "$(restore_dir "$tool")")
  [ -n "$root" ] || die "$tool restore (run $run): no dataset found under $(restore_dir "$tool")"
  if ! diff -r -q "$DATA" "$root" >"$log" 2>&1; then
    echo "compare.sh: FAILED: $tool restored a tree that differs from the source (run $run):" >&2
    head -n 20 "$log" >&2
    exit 1
  fi
  echo "  $tool restore verified: diff -r of $root against the source is empty"
}

# --- dataset ----------------------------------------------------------------------------------

if [ ! -f "$JAR" ]; then
  echo "building $JAR"
  (cd "$REPO_ROOT" && ./mvnw -B -q -pl holdfast-bench -am package -DskipTests)
fi
generate() {
  java -cp "$JAR" dev.holdfast.bench.DatasetGenerator \
    --out "$DATA" --size "$SIZE" --seed "$SEED" --generation "$1"
}
dataset_bytes() { find "$DATA" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }
dataset_files() { find "$DATA" -type f | wc -l; }
warm_cache() { find "$DATA" -type f -print0 | xargs -0 cat >/dev/null; }

# A dataset of the same seed and size is moved back to generation 1 in place; any other is
# replaced (before the wait of remove_settled, which deleting its files may need).
rm -rf "$WORK/data.old"
if [ -e "$DATA" ] && ! generate 1 >/dev/null 2>&1; then
  echo "replacing $DATA: it holds another dataset"
  mv "$DATA" "$WORK/data.old"
fi
remove_settled "$WORK/data.old" "$WORK/cache" "$WORK"/repo-* "$WORK"/restore-*
: >"$RAW"
echo "generating the dataset in $DATA"
generate 1
GEN1_BYTES=$(dataset_bytes)
GEN1_FILES=$(dataset_files)
generate 2 >/dev/null
GEN2_BYTES=$(dataset_bytes)
GEN2_FILES=$(dataset_files)

# --- runs -------------------------------------------------------------------------------------

for ((run = 1; run <= RUNS; run++)); do
  RUN=$run
  order=("${TOOLS[@]}")
  if ((run % 2 == 0)); then
    order=()
    for ((i = ${#TOOLS[@]} - 1; i >= 0; i--)); do order+=("${TOOLS[i]}"); done
  fi
  echo "== run $run of $RUNS (order: ${order[*]})"
  generate 1 >/dev/null # back to generation 1, in place
  # The previous run's repositories go (a few hundred files); its restores stay until the next
  # start of the script (thousands of files, see remove_settled).
  rm -rf "$WORK/cache" "$WORK"/repo-*
  warm_cache
  for tool in "${order[@]}"; do untimed "$tool" init "$run"; done
  if has restic && [ "$run" = 1 ]; then
    RESTIC_FORMAT=$("$RESTIC_BIN" -r "$(repo_dir restic)" cat config | grep -o '"version": *[0-9]*' | grep -o '[0-9]*$')
  fi
  for tool in "${order[@]}"; do timed "$tool" full backup "$run"; done
  for tool in "${order[@]}"; do record_size "$tool" full; done
  for tool in "${order[@]}"; do timed "$tool" unchanged backup "$run"; done
  generate 2 >/dev/null
  warm_cache
  for tool in "${order[@]}"; do timed "$tool" changed backup "$run"; done
  for tool in "${order[@]}"; do record_size "$tool" changed; done
  for tool in "${order[@]}"; do
    mkdir -p "$(restore_dir "$tool")"
    timed "$tool" restore restore "$run"
    verify_restore "$tool" "$run"
  done
  if has holdfast; then
    "$HOLDFAST_BIN" --repo "$(repo_dir holdfast)" stats --json >"$LOGS/holdfast-stats-$run.json" 2>&1 ||
      echo "  note: holdfast stats --json failed, see $LOGS/holdfast-stats-$run.json"
  fi
done
# Left in place: deleting them now would slow whatever creates files next (see remove_settled).
echo "repositories and restores stay in $WORK until the next run (du -sh $WORK to see their size)"

# --- report -----------------------------------------------------------------------------------

# Formats a number with the given printf format, or a dash when it is missing.
fmt() { awk -v v="$2" -v f="$1" 'BEGIN { if (v == "") print "–"; else printf f "\n", v }'; }
stat_of() { # array tool key -> median, or empty for a skipped tool
  local -n values=$1
  if has "$2"; then median "${values[$2/$3]:-}"; fi
}
mib() { awk -v b="$1" 'BEGIN { if (b == "") print ""; else printf "%.1f\n", b / 1048576 }'; }
peak_mib() { if has "$1"; then awk -v k="${RSS[$1/$2]}" 'BEGIN { printf "%.0f\n", k / 1024 }'; fi; }

# Prints bytes / seconds in MB/s (10^6 bytes), or a dash when the time is missing or zero.
rate() { awk -v b="$1" -v s="$2" 'BEGIN { if (s == "" || s + 0 == 0) print "–"; else printf "%.1f\n", b / s / 1e6 }'; }

time_row() {
  local label=$1 step=$2 bytes=$3 h r
  h=$(stat_of SECS holdfast "$step")
  r=$(stat_of SECS restic "$step")
  printf '| %s | %s | %s | %s | %s | %s |\n' "$label" "$(fmt %.2f "$h")" "$(fmt %.2f "$r")" \
    "$(ratio "$r" "$h")" "$(rate "$bytes" "$h")" "$(rate "$bytes" "$r")"
}
other_row() {
  local label=$1 format=$2 h=$3 r=$4
  printf '| %s | %s | %s | %s | | |\n' "$label" "$(fmt "$format" "$h")" "$(fmt "$format" "$r")" "$(ratio "$h" "$r")"
}

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)
mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
restic_version=$(has restic && "$RESTIC_BIN" version 2>/dev/null | head -n1 || echo "not run")
holdfast_version=$(has holdfast && "$HOLDFAST_BIN" --version 2>/dev/null | head -n1 || echo "not run")
[ -n "$holdfast_version" ] || holdfast_version="(no --version output)"
java_version=$(java -version 2>&1 | head -n1)

{
  echo "## holdfast vs restic: whole-process comparison"
  echo
  echo "Command: \`holdfast-bench/compare.sh${ARGS:+ $ARGS}\` ($(date -u '+%Y-%m-%d %H:%M UTC'))"
  echo
  echo "- Machine: ${cpu:-unknown CPU}, $(nproc) CPUs, $mem RAM, $(uname -sr); $java_version"
  echo "- Tools: holdfast: $holdfast_version; $restic_version. Both with their default"
  echo "  encryption and compression (restic: repository format v${RESTIC_FORMAT:-?}, compression \`auto\`)."
  echo "- Dataset (seed $SEED): generation 1 = $GEN1_FILES files, $GEN1_BYTES bytes; generation 2 ="
  echo "  $GEN2_FILES files, $GEN2_BYTES bytes (2% of the 8 KiB database pages rewritten in place,"
  echo "  appends to 3 logs, a few small files deleted and added)."
  echo "- Times: median of $RUNS run(s), tools alternated per run, each step run for both tools"
  echo "  back to back. Warm page cache: the dataset is read once before timing (dropping caches"
  echo "  needs root); \`sync\` before every timed step. Restores verified with \`diff -r\`."
  echo "- Ratio: restic time / holdfast time (>1 = holdfast faster); for size and RSS rows"
  echo "  holdfast / restic (<1 = holdfast smaller). MB/s = 10^6 bytes of the dataset per second."
  echo
  echo "| step | holdfast s | restic s | ratio | holdfast MB/s | restic MB/s |"
  echo "|---|---:|---:|---:|---:|---:|"
  time_row "full backup (generation 1, new repository)" full "$GEN1_BYTES"
  time_row "re-backup, unchanged tree" unchanged "$GEN1_BYTES"
  time_row "backup of generation 2 (incremental, changed)" changed "$GEN2_BYTES"
  time_row "restore latest into an empty folder" restore "$GEN2_BYTES"
  other_row "repository size after full backup, MiB (ratio holdfast/restic)" %.1f \
    "$(mib "$(stat_of REPO_SIZE holdfast full)")" "$(mib "$(stat_of REPO_SIZE restic full)")"
  other_row "repository size after generation 2, MiB (ratio holdfast/restic)" %.1f \
    "$(mib "$(stat_of REPO_SIZE holdfast changed)")" "$(mib "$(stat_of REPO_SIZE restic changed)")"
  for step in full unchanged changed restore; do
    other_row "peak RSS, $step, MiB (ratio holdfast/restic)" %.0f "$(peak_mib holdfast $step)" "$(peak_mib restic $step)"
  done
} >"$RESULTS"

echo
cat "$RESULTS"
echo
echo "written to $RESULTS (per-run figures in $RAW, tool output in $LOGS)"
