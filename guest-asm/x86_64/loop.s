# loop.s (x86_64, Keystone Intel syntax): getpid 1,000,000 times, then print one line and
# exit_group(0). The counter lives in rbx: the syscall instruction clobbers only rcx and r11
# (and the kernel's result lands in rax).
_start:
    mov ebx, 1000000
again:
    mov eax, 39                 # getpid()
    syscall
    dec ebx
    jnz again
    mov eax, 1                  # write(1, msg, 27)
    mov edi, 1
    lea rsi, [rip + msg]
    mov edx, 27
    syscall
    mov eax, 231                # exit_group(0)
    xor edi, edi
    syscall
msg:
    .ascii "loop: 1000000 getpid calls\n"
