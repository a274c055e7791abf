# x87.s: the x87 registers across a signal handler (x86_64). With 1 and pi on the x87 stack the
# program sends itself SIGUSR1. The handler must find pi as st(0) in the frame's FXSAVE area
# (exit 1 if not), writes 2.0 over st(1) there, and clobbers the x87 stack itself (fninit,
# fldz, fldz); after rt_sigreturn the interrupted code must see pi (else exit 2) and 2.0 (else
# exit 3). Exit 0: saved and restored as Linux does. Also assembles with GNU as
# (.intel_syntax noprefix) to check the same on Linux.
_start:
    sub rsp, 64
    lea rax, [rip + handler]       # rt_sigaction(SIGUSR1, {handler, SA_SIGINFO|SA_RESTORER, restorer, 0}, NULL, 8)
    mov [rsp], rax
    mov qword ptr [rsp + 8], 0x04000004
    lea rax, [rip + restorer]
    mov [rsp + 16], rax
    mov qword ptr [rsp + 24], 0
    mov eax, 13
    mov edi, 10
    mov rsi, rsp
    xor edx, edx
    mov r10d, 8
    syscall
    fld1
    fldpi
    mov eax, 39                    # kill(getpid(), SIGUSR1)
    syscall
    mov edi, eax
    mov esi, 10
    mov eax, 62
    syscall
    fstp tbyte ptr [rsp + 32]      # st(0): pi
    mov edi, 2
    mov rax, 0xc90fdaa22168c235
    cmp [rsp + 32], rax
    jne out
    cmp word ptr [rsp + 40], 0x4000
    jne out
    fstp tbyte ptr [rsp + 32]      # st(1): 2.0, as the handler left it in the frame
    mov edi, 3
    mov rax, 0x8000000000000000
    cmp [rsp + 32], rax
    jne out
    cmp word ptr [rsp + 40], 0x4000
    jne out
    xor edi, edi
out:
    mov eax, 231
    syscall

handler:                           # rdi = sig, rsi = &info, rdx = &uc
    mov rcx, [rdx + 224]           # uc->uc_mcontext.fpstate
    mov rax, 0xc90fdaa22168c235
    cmp [rcx + 32], rax            # st_space: st(0) at +32
    jne bad
    cmp word ptr [rcx + 40], 0x4000
    jne bad
    mov rax, 0x8000000000000000    # st(1) at +48 := 2.0
    mov [rcx + 48], rax
    mov word ptr [rcx + 56], 0x4000
    fninit
    fldz
    fldz
    ret
bad:
    mov edi, 1
    mov eax, 231
    syscall

restorer:
    mov eax, 15
    syscall
