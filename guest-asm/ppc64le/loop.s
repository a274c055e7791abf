# loop.s (ppc64 and ppc64le share this source): getpid 1,000,000 times, then print one line
# and exit_group(0). The counter lives in r31: `sc` may change r0, r4-r12, CTR, XER and CR0,
# so neither CTR (bdnz) nor a volatile register can carry it across the trap.
_start:
    lis 31, 0xf                 # 1000000 = 0xf4240
    ori 31, 31, 0x4240
again:
    li 0, 20                    # getpid()
    sc
    addi 31, 31, -1
    cmpdi 31, 0
    bne again
    li 0, 4                     # write(1, msg, 27)
    li 3, 1
    bl here
here:
    mflr 4
    addi 4, 4, msg-here
    li 5, 27
    sc
    li 0, 234                   # exit_group(0)
    li 3, 0
    sc
msg:
    .ascii "loop: 1000000 getpid calls\n"
