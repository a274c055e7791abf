// Errno numbers the kernel returns (Linux's generic values: the same on x86_64, aarch64 and
// PowerPC for every code used here). Syscalls return -errno; the dispatcher converts.
export const EPERM = 1;
export const ENOENT = 2;
export const ESRCH = 3;
export const EINTR = 4;
export const EBADF = 9;
export const ECHILD = 10;
export const EAGAIN = 11;
export const ENOMEM = 12;
export const EACCES = 13;
export const EFAULT = 14;
export const EBUSY = 16;
export const EEXIST = 17;
export const ENODEV = 19;
export const EINVAL = 22;
export const ENOTTY = 25;
export const ENOSPC = 28;
export const ESPIPE = 29;
export const ERANGE = 34;
export const ENOSYS = 38;
export const E2BIG = 7;
export const ETIMEDOUT = 110;

/** errno by name, for code that carries errors as names (pid allocation). */
export const errnoByName: Readonly<Record<string, number>> = {
  EPERM, ENOENT, ESRCH, EINTR, EBADF, ECHILD, EAGAIN, ENOMEM, EACCES, EFAULT, EBUSY, EEXIST, ENODEV,
  EINVAL, ENOTTY, ENOSPC, ESPIPE, ERANGE, ENOSYS, E2BIG, ETIMEDOUT,
};
