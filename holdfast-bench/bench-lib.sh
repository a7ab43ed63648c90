# Shared by the comparison scripts (sourced, not run): paths, the tools they compare, and the
# small helpers every report uses. The sourcing script sets SCRIPT (its name, for messages).

die() {
  echo "$SCRIPT: $*" >&2
  exit 1
}

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$BENCH_DIR/.." && pwd)
HOLDFAST_BIN=${HOLDFAST_BIN:-$REPO_ROOT/holdfast}
RESTIC_BIN=${RESTIC_BIN:-restic}
TIME=/usr/bin/time
JAR=$BENCH_DIR/target/holdfast-bench.jar

# The median of the numbers in $1 (space-separated); the mean of the middle two for an even count.
median() {
  printf '%s\n' $1 | sort -g | awk '{ a[NR] = $1 }
    END { if (NR == 0) print ""; else if (NR % 2) print a[(NR + 1) / 2];
          else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
# Prints a / b with two decimals, or a dash when either is missing or b is zero.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "–"; else printf "%.2f\n", a / b }'; }

# Fails unless GNU time and restic are there, and builds the bench jar when it is missing.
need_tools() {
  [ -x "$TIME" ] || die "GNU time is needed at $TIME (Debian package 'time')"
  command -v "$RESTIC_BIN" >/dev/null || die "restic is needed (Debian package 'restic')"
  [ -f "$JAR" ] || (cd "$REPO_ROOT" && ./mvnw -B -q -pl holdfast-bench -am package -DskipTests)
}

# Builds the bench jar when it is missing or older than a source or pom of the project.
build_bench_jar() {
  if [ ! -f "$JAR" ] || [ -n "$(find "$REPO_ROOT" \( -name .git -o -name target -o -name bench-work \) -prune -o \
      \( -name '*.java' -o -name pom.xml \) -newer "$JAR" -print -quit)" ]; then
    echo "$SCRIPT: building $JAR" >&2
    (cd "$REPO_ROOT" && ./mvnw -B -q -pl holdfast-bench -am package -DskipTests)
  fi
}
