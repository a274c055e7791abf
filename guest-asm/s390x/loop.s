# loop.s (s390x, Keystone): getpid 1,000,000 times, then print one line and exit_group(0).
# The loop is bctgr to the address basr left in r12 (both written as bytes: Keystone's SystemZ
# has no bctgr and no basr with r0, and mis-encodes relative branches). The kernel keeps every
# register but r2, so r11 and r12 survive the traps.
_start:
    lgfi %r11, 1000000
    .byte 0x0d, 0xc0            # basr %r12, %r0: r12 = the address of `again`
again:
    svc 20                      # getpid()
    .byte 0xb9, 0x46, 0x00, 0xbc  # bctgr %r11, %r12: r11 -= 1, back to `again` while not 0
    .byte 0x0d, 0xd0            # basr %r13, %r0
    lghi %r1, 4                 # +0  write(1, msg, 27), the number in r1 this time
    lghi %r2, 1                 # +4
    la %r3, 24(%r13)            # +8  msg is 24 bytes after r13
    lghi %r4, 27                # +12
    svc 0                       # +16
    lghi %r2, 0                 # +18 exit_group(0)
    svc 248                     # +22
msg:                            # +24
    .ascii "loop: 1000000 getpid calls\n"
