# hello.s (ppc64 and ppc64le share this source; Keystone wants registers as plain numbers):
# write "hello, world\n" to stdout, exit_group(0). Loaded as one flat read-write-execute blob
# and entered at _start (its first byte), at an address the program does not know: `bl` to
# the next instruction leaves its own address in LR, and the string sits at a fixed distance.
_start:
    li 0, 4                     # write(fd, buf, count): number in r0, args in r3..r5
    li 3, 1
    bl here
here:
    mflr 4
    addi 4, 4, msg-here
    li 5, 13
    sc
    li 0, 234                   # exit_group(0)
    li 3, 0
    sc
msg:
    .ascii "hello, world\n"
