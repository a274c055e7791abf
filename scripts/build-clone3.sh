#!/usr/bin/env bash
# Rebuilds the clone3/set_tid conformance guest (test/guests/clone3/clone3conf.c) for the four
# architectures, with tricorn's own runtime (no libc), the same flags as scripts/build-guests.sh:
#
#   test/guests/clone3/clone3conf.c -> test/guests/clone3/bin/<arch>/clone3conf  (static, stripped)
#
# With --oracle (needs root and util-linux's unshare) it also reruns the x86_64 build on this
# machine's Linux kernel as pid 1 of a fresh PID namespace and rewrites the committed
# transcript test/guests/clone3/clone3conf.expected (+ .status). See test/guests/clone3/NOTES.md.
# Development tool only: tests use the committed binaries and transcript.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/guest-cc.sh
DIR=test/guests/clone3

for arch in "${ARCHES[@]}"; do
  build_guest "$arch" "$DIR/clone3conf.c" "$DIR/bin/$arch/clone3conf"
  echo "built $DIR/bin/$arch/clone3conf ($(stat -c %s "$DIR/bin/$arch/clone3conf") bytes)"
done

if [[ "${1:-}" == "--oracle" ]]; then
  # Linux >= 6.14 keeps pid_max per PID namespace, so this write touches only the fresh
  # namespace; on older kernels it is global, hence the save/restore around it.
  saved=$(cat /proc/sys/kernel/pid_max)
  set +e
  unshare --fork --pid --mount-proc sh -c \
    'echo 32768 > /proc/sys/kernel/pid_max || exit 125; exec ./'"$DIR"'/bin/x86_64/clone3conf' \
    > "$DIR/clone3conf.expected"
  echo $? > "$DIR/clone3conf.status"
  set -e
  now=$(cat /proc/sys/kernel/pid_max)
  [[ "$now" == "$saved" ]] || { echo "$saved" > /proc/sys/kernel/pid_max; echo "restored host pid_max $saved (was $now)"; }
  echo "oracle: exit $(cat "$DIR/clone3conf.status"), $(wc -l < "$DIR/clone3conf.expected") lines"
fi
