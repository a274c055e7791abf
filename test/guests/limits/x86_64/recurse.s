# recurse.s: call itself until the stack runs out: SIGSEGV at the end of the stack mapping.
_start:
    call _start
