// hello.s (aarch64, Keystone): write "hello, world\n" to stdout, exit_group(0).
// Loaded as one flat read-write-execute blob and entered at _start (its first byte), at an
// address the program does not know: the string is addressed PC-relative (adr).
_start:
    mov x0, #1                  // write(fd, buf, count)
    adr x1, msg
    mov x2, #13
    mov x8, #64
    svc #0
    mov x0, #0                  // exit_group(0)
    mov x8, #94
    svc #0
msg:
    .ascii "hello, world\n"
