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

/**
 * The budget once a PPC64 guest's engine is chosen (cli/engines.ts): twice V8's default, not
 * six times. The PPC64 engine compiles the guest's hot code into JavaScript functions whose run
 * is most of a program's time; each runs in V8's baseline tiers until V8 optimizes it, and the
 * sixfold budget kept them there six times longer. CPU s (whole process, alternating runs,
 * medians), sixfold -> twofold: ppc64 qsort 1.35 -> 1.24, ppc64le 1.27 -> 1.17; sha256 ppc64
 * 0.76 -> 0.75, ppc64le 0.88 -> 0.87; sieve 0.53 -> 0.53, 0.52 -> 0.52 (4 runs each). V8's
 * own budget (67584) gave qsort the same but cost sieve 0.51 -> 0.54-0.59, which the larger
 * budget had helped. Set once the engine's bundle is loaded (cli/engines.ts says why).
 */
export const PPC64_TIERING_FLAGS = '--interrupt-budget=135168';
