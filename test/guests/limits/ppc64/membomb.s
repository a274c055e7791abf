# membomb.s: map 16 MiB at a time and touch every page, forever; mmap's ENOMEM ends the run
# with exit status 12, a touch beyond the memory limit ends it with SIGKILL.
_start:
    li 0, 90                    # mmap(NULL, 16 MiB, RW, PRIVATE|ANONYMOUS, -1, 0)
    li 3, 0
    lis 4, 0x100
    li 5, 3
    li 6, 0x22
    li 7, -1
    li 8, 0
    sc
    bso failed
    mr 9, 3
    lis 10, 0x100
    add 10, 10, 9
again:
    li 11, 1
    stb 11, 0(9)
    addi 9, 9, 4096
    cmpld 9, 10
    blt again
    b _start
failed:
    li 0, 234                   # exit_group(errno)
    sc
