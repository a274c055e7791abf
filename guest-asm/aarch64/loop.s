// loop.s (aarch64, Keystone): getpid 1,000,000 times, then print one line and exit_group(0).
// The counter lives in x19: svc changes only x0.
_start:
    movz x19, #0x4240           // 1000000 = 0xf4240
    movk x19, #0xf, lsl #16
again:
    mov x8, #172                // getpid()
    svc #0
    subs x19, x19, #1
    b.ne again
    mov x0, #1                  // write(1, msg, 27)
    adr x1, msg
    mov x2, #27
    mov x8, #64
    svc #0
    mov x0, #0                  // exit_group(0)
    mov x8, #94
    svc #0
msg:
    .ascii "loop: 1000000 getpid calls\n"
