# hello.s (s390x, Keystone): write "hello, world\n" to stdout, exit_group(0).
# Keystone's SystemZ knows no pc-relative form that works (larl and relative branches are
# mis-encoded, so tricorn refuses them), no label differences and no `basr` with r0: the string's
# address comes from basr's return address, written as bytes, plus a counted displacement.
_start:
    .byte 0x0d, 0xd0            # basr %r13, %r0: r13 = the address of the next instruction
    lghi %r2, 1                 # +0  write(1, msg, 13), the number in the instruction
    la %r3, 20(%r13)            # +4  msg is 20 bytes after r13
    lghi %r4, 13                # +8
    svc 4                       # +12
    lghi %r2, 0                 # +14 exit_group(0)
    svc 248                     # +18
msg:                            # +20
    .ascii "hello, world\n"
