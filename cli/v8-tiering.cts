// When V8 optimizes tricorn's own functions: after six times the bytecode budget V8 11 (Node 20)
// gives by default (--interrupt-budget, 66 KiB of bytecode executed per function). The kernel's
// system-call path (handleTrap, the engines' trap hooks, rt_sigprocmask, clone, futex, ...) met
// the default budget while its type feedback was still changing: a run of 1000 pthread
// create+join compiled 83 functions with TurboFan, several of them twice after a deopt, ~0.2 s
// of CPU on the compiler's threads, more than the run's guest work (steady state ~25 us per
// create+join, the first 1000 ~300 us each). With the larger budget fewer functions are
// compiled, later, with settled feedback. Measured (CPU, whole process, median of 3 runs
// alternated): 1000 x create+join s390x 0.51 -> 0.35 s, x86_64 0.49 -> 0.36; 500 fork+wait
// x86_64 0.41 -> 0.34; unchanged within noise: 200,000 1-byte writes, glibc hello, qsort,
// sha256, ppc64's loop. One place for the bin (cli/tricorn.cts, set before any bundle is
// compiled: V8 accepts a code cache only under the flags it was made with) and an unbundled
// cli/main.js (tests, npm run bench's micro rows), which sets it again (the same value changes
// nothing a cache is checked against).
export const TIERING_FLAGS = '--interrupt-budget=405504';
