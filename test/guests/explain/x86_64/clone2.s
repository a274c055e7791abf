# clone2.s (x86_64, Keystone Intel syntax): one clone2 call with a clone_struct built on the
# stack — flags SIGCHLD, no stack, no pids, reserved fields zero — then exit_group(0) in both
# parent and child. test/e2e/explain.test.ts changes the reserved1 line and sees
# `tricorn explain` report the kernel refusing it.
_start:
    sub rsp, 64
    mov qword ptr [rsp], 17         # flags = SIGCHLD
    mov qword ptr [rsp + 8], 0      # child_stack
    mov dword ptr [rsp + 16], 0     # nr_pids
    mov dword ptr [rsp + 20], 0     # parent_tid
    mov dword ptr [rsp + 24], 0     # child_tid
    mov dword ptr [rsp + 28], 0     # reserved1
    mov qword ptr [rsp + 32], 0     # reserved2
    mov eax, 1000                   # clone2(cs, pids, tls)
    mov rdi, rsp
    xor esi, esi
    xor edx, edx
    syscall
    mov eax, 231                    # exit_group(0)
    xor edi, edi
    syscall
