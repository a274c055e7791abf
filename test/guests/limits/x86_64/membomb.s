# membomb.s: map 16 MiB at a time and touch every page, forever; mmap's ENOMEM ends the run
# with exit status 12, a touch beyond the memory limit ends it with SIGKILL.
_start:
    mov eax, 9                  # mmap(NULL, 16 MiB, RW, PRIVATE|ANONYMOUS, -1, 0)
    xor edi, edi
    mov esi, 0x1000000
    mov edx, 3
    mov r10d, 0x22
    xor r8d, r8d
    dec r8
    xor r9d, r9d
    syscall
    cmp rax, -4095
    jae failed
    mov rbx, rax
    lea rcx, [rax + 0x1000000]
again:
    mov byte ptr [rbx], 1
    add rbx, 4096
    cmp rbx, rcx
    jb again
    jmp _start
failed:
    neg rax
    mov rdi, rax
    mov eax, 231
    syscall
