# Sourced by the scripts that build committed guest programs (build-guests.sh, build-conform.sh,
# build-clone3.sh, build-threads.sh): one place for the cross compilers and the flags, so every
# nostdlib guest is built the same way. Development only: tests use the committed binaries.
ARCHES=(x86_64 aarch64 ppc64 ppc64le riscv64 s390x)
declare -A CC=([x86_64]=gcc [aarch64]=aarch64-linux-gnu-gcc [ppc64]=powerpc64-linux-gnu-gcc [ppc64le]=powerpc64le-linux-gnu-gcc [riscv64]=riscv64-linux-gnu-gcc [s390x]=s390x-linux-gnu-gcc)
# How each arch's binaries run on an x86_64 host (the oracle: natively, else qemu-user).
declare -A QEMU=([x86_64]="" [aarch64]=qemu-aarch64-static [ppc64]=qemu-ppc64-static [ppc64le]=qemu-ppc64le-static [riscv64]=qemu-riscv64-static [s390x]=qemu-s390x-static)
declare -A START=([x86_64]=x86_64 [aarch64]=aarch64 [ppc64]=ppc64 [ppc64le]=ppc64 [riscv64]=riscv64 [s390x]=s390x)
# ppc64le's default CPU (power8) has VSX/AltiVec; tricorn's PPC64 engine runs the scalar ISA.
# aarch64: inline LL/SC atomics, since libgcc's outline helpers probe LSE through libc's getauxval.
declare -A ARCH_CFLAGS=([x86_64]="" [aarch64]="-mno-outline-atomics" [ppc64]="" [ppc64le]="-mno-vsx -mno-altivec" [riscv64]="" [s390x]="")

COMMON="-nostdlib -O2 -fno-stack-protector -ffreestanding -fno-builtin -s -Wall -Wextra -Itest/guests/rt"
EXEC_FLAGS="-static -fno-pie -no-pie"
PIE_FLAGS="-static-pie -fpie -DRT_STATIC_PIE"
# riscv64's gcc 12 still names an interpreter in a -static-pie -nostdlib link unless told not to.
declare -A PIE_CFLAGS=([riscv64]="-Wl,--no-dynamic-linker")

# build_guest ARCH SRC OUT [MODE_FLAGS]: SRC + tricorn's runtime -> OUT (static ET_EXEC unless
# MODE_FLAGS says otherwise), stripped.
build_guest() {
  local arch=$1 src=$2 out=$3 mode=${4:-$EXEC_FLAGS}
  mkdir -p "$(dirname "$out")"
  # shellcheck disable=SC2086
  [[ "$mode" == "$PIE_FLAGS" ]] && mode="$mode ${PIE_CFLAGS[$arch]:-}"
  ${CC[$arch]} $COMMON $mode ${ARCH_CFLAGS[$arch]} -o "$out" "$src" \
    test/guests/rt/rt.c "test/guests/rt/start-${START[$arch]}.S" -lgcc
}

# --- Linux as the oracle (the --oracle modes of build-signals.sh, build-limits.sh, build-lifecycle.sh)
declare -A QEMU=([aarch64]=qemu-aarch64-static [ppc64]=qemu-ppc64-static [ppc64le]=qemu-ppc64le-static [riscv64]=qemu-riscv64-static [s390x]=qemu-s390x-static)
# ORACLE_SETUP: shell commands run before each oracle run, in its subshell (ulimits, a cd).
# ORACLE_WRAP: a command the run goes through (e.g. "taskset -c 0 chrt -f 10"); empty: none.

# oracle_run CMD...: CMD with an empty environment and empty stdin, after ORACLE_SETUP and
# through ORACLE_WRAP; its stdout is this function's, and so is its exit status.
oracle_run() {
  # shellcheck disable=SC2086
  (eval "${ORACLE_SETUP:-}"; env -i ${ORACLE_WRAP:-} "$@" < /dev/null)
}

# oracle_record OUT CMD...: Linux's transcript of CMD (the x86_64 build, run natively):
# stdout to OUT.out, the exit status to OUT.status.
oracle_record() {
  local out=$1; shift
  mkdir -p "$(dirname "$out")"
  local status=0
  oracle_run "$@" > "$out.out" || status=$?
  echo "$status" > "$out.status"
  echo "oracle $(basename "$out"): exit $status, $(wc -l < "$out.out") lines"
}

# oracle_qemu_check OUT BIN_PATTERN ARGS...: the other arches' builds (BIN_PATTERN with {arch})
# under qemu-user give the transcript OUT.out records, less lines matching ORACLE_GAPS (an ERE
# for qemu-user's own gaps; empty: none), on ORACLE_QEMU_ARCHES (default: all but x86_64). Returns 1
# when one differs.
oracle_qemu_check() {
  local out=$1 pattern=$2; shift 2
  local gaps=${ORACLE_GAPS:-'^\b$'} fail=0 arch tmp
  tmp=$(mktemp -d)
  grep -Ev "$gaps" "$out.out" > "$tmp/linux.out" || true
  for arch in ${ORACLE_QEMU_ARCHES:-aarch64 ppc64 ppc64le riscv64 s390x}; do
    oracle_run "${QEMU[$arch]}" "${pattern//\{arch\}/$arch}" "$@" | grep -Ev "$gaps" > "$tmp/$arch.out" || true
    cmp -s "$tmp/$arch.out" "$tmp/linux.out" || { echo "DIFFERS under qemu: $arch"; diff "$tmp/linux.out" "$tmp/$arch.out"; fail=1; }
  done
  rm -rf "$tmp"
  return $fail
}
