# hello.s (x86_64, Keystone Intel syntax): write "hello, world\n" to stdout, exit_group(0).
# Loaded as one flat read-write-execute blob and entered at _start (its first byte), at an
# address the program does not know: the string is addressed RIP-relative.
_start:
    mov eax, 1                  # write(fd, buf, count)
    mov edi, 1
    lea rsi, [rip + msg]
    mov edx, 13
    syscall
    mov eax, 231                # exit_group(0)
    xor edi, edi
    syscall
msg:
    .ascii "hello, world\n"
