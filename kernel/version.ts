// The kernel's name for itself: uname's release and version fields, /proc/version and
// /proc/sys/kernel/osrelease say the same.
export const UTS_RELEASE = '6.1.0-tricorn';
export const UTS_VERSION = '#1 SMP PREEMPT tricorn';
