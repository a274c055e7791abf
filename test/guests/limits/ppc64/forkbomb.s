# forkbomb.s: every process forks forever; the first clone that fails ends the run with its
# errno as the exit status (EAGAIN, 11, at the task limit).
_start:
    li 0, 120                   # clone(SIGCHLD, 0, 0, 0, 0): fork
    li 3, 17
    li 4, 0
    li 5, 0
    li 6, 0
    li 7, 0
    sc
    bns _start
    li 0, 234                   # exit_group(errno)
    sc
