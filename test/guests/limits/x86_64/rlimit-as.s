# rlimit-as.s: setrlimit(RLIMIT_AS, {64 MiB, 64 MiB}), then mmap 128 MiB: exit with mmap's
# errno (ENOMEM, 12); exit 0 would mean the limit was ignored.
_start:
    sub rsp, 16
    mov qword ptr [rsp], 0x4000000
    mov qword ptr [rsp + 8], 0x4000000
    mov eax, 160                # setrlimit(RLIMIT_AS, rsp)
    mov edi, 9
    mov rsi, rsp
    syscall
    test rax, rax
    jnz fail
    mov eax, 9                  # mmap(NULL, 128 MiB, RW, PRIVATE|ANONYMOUS, -1, 0)
    xor edi, edi
    mov esi, 0x8000000
    mov edx, 3
    mov r10d, 0x22
    xor r8d, r8d
    dec r8
    xor r9d, r9d
    syscall
    cmp rax, -4095
    jb fail
    neg rax
    mov rdi, rax
    mov eax, 231
    syscall
fail:
    mov edi, 100
    mov eax, 231
    syscall
