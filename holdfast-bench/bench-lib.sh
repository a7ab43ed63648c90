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

# remove_settled PATH...: deletes the paths and, when that freed many inodes on ext4 without a journal
# (this machine's root file system), waits until the file system stops paying for them. There,
# every file creation skips, one by one, each inode freed in the last 60 seconds, or in the last
# 6 minutes while its inode table block has unwritten changes, which new files keep making. A
# restore of thousands of files within minutes of deleting the previous one paid seconds of kernel
# time (restic's as much as holdfast's) that belong to the benchmark and not to either tool.
remove_settled() {
  local p files=0 dev
  for p in "$@"; do [ -e "$p" ] && files=$((files + $(find "$p" | wc -l))); done
  rm -rf "$@"
  [ "$files" -ge 1000 ] || return 0 # a few freed inodes cost nothing measurable
  dev=$(findmnt -n -o SOURCE,FSTYPE --target "$(dirname "$1")" 2>/dev/null || true)
  if [[ $dev == *" ext4" ]] && ! ls /proc/fs/jbd2/ 2>/dev/null | grep -q "^$(basename "${dev% ext4}")-"; then
    echo "$SCRIPT: waiting 6 minutes: ext4 without a journal skips recently freed inodes on every file creation" >&2
    sync
    sleep 365
  fi
}

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

# start_s3proxy WORK PORT STORE LOG: runs S3Proxy (from the S3 module's test classpath) on
# 127.0.0.1:PORT until the calling script exits, keeping each bucket as a folder of STORE whose
# objects are plain files; its output goes to LOG. Exports its credentials as AWS_* for the
# clients, and needs curl.
start_s3proxy() {
  local work=$1 port=$2 store=$3 log=$4 code=000
  command -v curl >/dev/null || die "curl is needed to talk to S3Proxy"
  (cd "$REPO_ROOT" && ./mvnw -B -q dependency:build-classpath -pl holdfast-s3 \
    -Dmdep.outputFile="$work/s3proxy.classpath" -Dmdep.includeScope=test >/dev/null)
  export AWS_ACCESS_KEY_ID=bench-access-key AWS_SECRET_ACCESS_KEY=bench-secret-key
  export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
  cat >"$work/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$AWS_ACCESS_KEY_ID
s3proxy.credential=$AWS_SECRET_ACCESS_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$store
CONF
  java -Xmx1g -cp "$(cat "$work/s3proxy.classpath")" org.gaul.s3proxy.Main \
    --properties "$work/s3proxy.conf" >"$log" 2>&1 &
  S3PROXY_PID=$!
  S3PROXY_PORT=$port
  trap 'kill $S3PROXY_PID 2>/dev/null || true' EXIT
  for _ in $(seq 1 60); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" || true)
    [ "$code" != 000 ] && break
    sleep 0.5
  done
  [ "$code" != 000 ] || die "S3Proxy did not start (see $log)"
}

# make_bucket NAME: creates a bucket in the S3Proxy that start_s3proxy started.
make_bucket() {
  # The signed payload hash of an empty body, which S3Proxy checks.
  curl -sf -X PUT --aws-sigv4 "aws:amz:us-east-1:s3" \
    --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \
    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
    "http://127.0.0.1:$S3PROXY_PORT/$1" >/dev/null
}
