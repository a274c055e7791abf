#!/usr/bin/env bash
# Regenerates the syscall number -> name tables from the Linux UAPI headers that Debian's cross
# compilers install. Development tool only; what it writes is committed:
#   test/abi/fixtures/unistd/<arch>.txt  every __NR_ macro of <asm/unistd.h>, evaluated by the
#                                        compiler's preprocessor ("NR name" lines): the oracle
#                                        test/abi/syscall-tables.test.ts checks the tables against;
#   arch/tables/*.ts                     the tables themselves, written from those lists by
#                                        scripts/gen-syscall-tables.ts (shared parts once).
set -euo pipefail
cd "$(dirname "$0")/.."
dump() { # arch compiler
  local arch=$1 cc=$2 out=test/abi/fixtures/unistd/$1.txt names
  # Not system calls: the generic table's count (__NR_syscalls) and the base of its
  # arch-specific range (__NR_arch_specific_syscall, which riscv's own calls are relative to).
  names=$(echo '#include <asm/unistd.h>' | $cc -E -dM - \
    | awk '$1=="#define" && $2 ~ /^__NR_/ { n=substr($2, 6); if (n != "syscalls" && n != "arch_specific_syscall") print n }')
  # The preprocessor expands each macro (some are other macros, or sums such as riscv's
  # (__NR_arch_specific_syscall + 15)); awk adds the sums up and refuses anything else.
  { echo '#include <asm/unistd.h>'; for n in $names; do echo "tricorn_nr $n __NR_$n"; done; } \
    | $cc -E -P - \
    | awk '$1=="tricorn_nr" { name=$2; $1=""; $2=""; e=$0; gsub(/[() ]/, "", e)
             if (e !~ /^[0-9]+(\+[0-9]+)*$/) { print "gen-syscall-tables: " name " = " e > "/dev/stderr"; exit 1 }
             k=split(e, t, "+"); v=0; for (i=1; i<=k; i++) v+=t[i]; print v, name }' \
    | sort -n -k1,1 > "$out"
  echo "$out: $(wc -l < "$out") syscalls"
}
dump x86_64 gcc
dump aarch64 aarch64-linux-gnu-gcc
dump ppc64 powerpc64-linux-gnu-gcc
dump riscv64 riscv64-linux-gnu-gcc
dump s390x s390x-linux-gnu-gcc
npx tsc -p . >/dev/null
node dist/scripts/gen-syscall-tables.js
