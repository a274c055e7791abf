# vtalrm.s: setitimer(ITIMER_VIRTUAL, 1 ms) and spin without a system call. The timer counts the
# process's user time and, at expiry, SIGVTALRM's default action ends it: exit 154 (128 + 26),
# as on Linux.
_start:
    sub rsp, 64
    mov qword ptr [rsp], 0         # it_interval = 0
    mov qword ptr [rsp + 8], 0
    mov qword ptr [rsp + 16], 0    # it_value = 1000 us
    mov qword ptr [rsp + 24], 1000
    mov eax, 38                    # setitimer(ITIMER_VIRTUAL, &it, NULL)
    mov edi, 1
    mov rsi, rsp
    xor edx, edx
    syscall
spin:
    jmp spin
