// VSX / AltiVec cases shared by the generator (scripts/ppc64/gen-vec-expected.ts, which records
// the expected results) and the test (vector.test.ts, runs the committed words on the engine). Each body runs with
// r3 = an input buffer holding VEC_INPUT and r4 = a zeroed output buffer of VEC_OUT bytes;
// the expected outcome is the output buffer. Results are stored with stxvd2x (dw0 first, each
// doubleword in the guest's byte order) unless the case is about the stores themselves.
// GNU assembler syntax for POWER9 (the generator assembles it; tests read only the committed
// results); VR n is VSR 32+n.

export const VEC_OUT = 1024;

/** 256 input bytes: a byte ramp, then strings with NULs and near-equal neighbours. */
export function vecInput(): Uint8Array {
  const b = new Uint8Array(256);
  for (let i = 0; i < 128; i++) b[i] = (i * 37 + 11) & 255;
  const s = 'hello\0world\0\0xyzhello\0worle\0\0xyzABCDEFGHIJKLMNOP\x80\x7f\x01\xff\x00\x10\x20\x30abcdefgh';
  for (let i = 0; i < s.length; i++) b[128 + i] = s.charCodeAt(i);
  for (let i = 128 + s.length; i < 256; i++) b[i] = i & 255;
  return b;
}

/** Store VSRs `regs` with stxvd2x to out + 16*k (uses r9). */
function dump(regs: number[], from = 0): string {
  return regs.map((r, k) => `li 9,${from + 16 * k}\nstxvd2x ${r},4,9`).join('\n');
}

/** Load VSRs 32.. (v0, v1, v2 ...) from in + 16*k with lxvd2x (uses r9). */
function ld(n: number, off = 0, first = 32): string {
  return Array.from({ length: n }, (_, k) => `li 9,${off + 16 * k}\nlxvd2x ${first + k},3,9`).join('\n');
}

export interface VecCase { name: string; body: string }

export const vecCases: VecCase[] = [
  { name: 'vector loads', body: `
li 5,16
lxvd2x 0,0,3
lxvw4x 1,0,3
lxvx 2,0,3
lxv 3,16(3)
lvx 4,3,5
addi 6,3,5
lvx 5,0,6
lxvdsx 6,3,5
lxvb16x 7,0,3
lxvh8x 8,0,3
lxvd2x 40,3,5
lxvw4x 41,6,5
lxvx 42,6,5
lxv 43,-32(4)
${dump([0, 1, 2, 3, 36, 37, 6, 7, 8, 40, 41, 42, 43])}` },
  { name: 'vector stores', body: `
${ld(2, 0, 10)}
stxvd2x 10,0,4
addi 5,4,16
stxvw4x 10,0,5
addi 5,4,32
stxvx 10,0,5
stxv 10,48(4)
xxlor 32,10,10
li 6,64
stvx 0,4,6
li 6,83
stvx 0,4,6
addi 5,4,96
stxvb16x 10,0,5
addi 5,4,112
stxvh8x 10,0,5
addi 5,4,128
stxsdx 10,0,5
addi 5,4,137
stxsiwx 11,0,5
stxsd 0,144(4)
li 6,163
stvebx 0,4,6
li 6,178
stvehx 0,4,6
li 6,196
stvewx 0,4,6
addi 5,4,3
stxv 11,208(5)` },
  { name: 'gpr moves', body: `
xxlxor 0,0,0
xxlxor 1,1,1
xxlxor 34,34,34
ld 5,0(3)
ld 6,8(3)
ld 7,16(3)
mtvsrd 0,5
mtvsrd 34,6
mtvsrdd 1,5,6
mtvsrdd 2,0,7
mtvsrwz 3,7
mtvsrws 35,5
mtvsrwa 36,7
mtvsrwa 37,6
mfvsrd 10,1
mfvsrld 11,1
mfvsrwz 12,1
mfvsrd 13,34
mfvsrld 14,2
std 10,0(4)
std 11,8(4)
std 12,16(4)
std 13,24(4)
std 14,32(4)
xxswapd 3,3
${dump([0, 34, 1, 2, 3, 35, 36, 37], 48)}` },
  { name: 'vsx logical', body: `
${ld(3)}
xxland 3,32,33
xxlandc 4,32,33
xxlor 5,32,33
xxlxor 6,32,33
xxlnor 7,32,33
xxlorc 8,32,33
xxlnand 9,32,33
xxleqv 10,32,33
xxsel 11,32,33,34
vand 12,0,1
vandc 13,0,1
vor 14,0,1
vxor 15,0,1
vnor 16,0,1
vorc 17,0,1
vnand 18,0,1
veqv 19,0,1
vsel 20,0,1,2
${dump([3, 4, 5, 6, 7, 8, 9, 10, 11, 44, 45, 46, 47, 48, 49, 50, 51, 52])}` },
  { name: 'vsx permutes', body: `
${ld(2)}
xxpermdi 0,32,33,0
xxpermdi 1,32,33,1
xxpermdi 2,32,33,2
xxpermdi 3,32,33,3
xxspltd 4,32,0
xxspltd 5,32,1
xxswapd 6,32
xxsldwi 7,32,33,1
xxsldwi 8,32,33,2
xxsldwi 9,32,33,3
xxmrghw 10,32,33
xxmrglw 11,32,33
xxspltw 12,32,0
xxspltw 13,32,3
xxspltib 14,0xa5
xxbrd 15,32
xxbrw 16,32
xxbrh 17,32
xxbrq 18,32
xxspltw 19,33,1
${dump([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19])}` },
  { name: 'vmx permutes', body: `
${ld(4)}
vperm 10,0,1,2
vpermxor 11,0,1,3
vpermr 12,0,1,2
vsldoi 13,0,1,3
vsldoi 14,0,1,9
vspltb 15,0,5
vsplth 16,1,3
vspltw 17,0,2
vspltisb 18,-5
vspltish 19,7
vspltisw 20,-1
vmrghb 21,0,1
vmrghh 22,0,1
vmrghw 23,0,1
vmrglb 24,0,1
vmrglh 25,0,1
vmrglw 26,0,1
vpkuhum 27,0,1
vpkuwum 28,0,1
vpkudum 29,0,1
vspltisb 30,15
vspltisw 31,0
${dump([42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63])}` },
  { name: 'vmx arithmetic', body: `
${ld(3)}
vaddubm 10,0,1
vadduhm 11,0,1
vadduwm 12,0,1
vaddudm 13,0,1
vsububm 14,0,1
vsubuhm 15,0,1
vsubuwm 16,0,1
vsubudm 17,0,1
vmaxub 18,0,1
vminub 19,0,1
vmaxsb 20,0,1
vminsb 21,0,1
vmaxuw 22,0,1
vminuw 23,0,1
vmaxuh 24,0,1
vminuh 25,0,1
${dump([42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57])}` },
  { name: 'vmx shifts', body: `
${ld(3)}
vslb 10,0,1
vslh 11,0,1
vslw 12,0,1
vsld 13,0,1
vsrb 14,0,1
vsrh 15,0,1
vsrw 16,0,1
vsrd 17,0,1
vsrab 18,0,1
vsrah 19,0,1
vsraw 20,0,1
vsrad 21,0,1
vsl 22,0,1
vsr 23,0,1
vslo 24,0,1
vsro 25,0,1
vsl 26,0,2
vsr 27,0,2
vslo 28,0,2
vsro 29,0,2
${dump([42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61])}` },
  { name: 'vmx compares', body: `
li 9,128
lxvd2x 32,3,9
li 9,144
lxvd2x 33,3,9
li 9,160
lxvd2x 34,3,9
vcmpequb. 10,0,1
mfcr 5
stw 5,512(4)
vcmpequb. 11,0,0
mfcr 5
stw 5,516(4)
vcmpgtub. 12,0,0
mfcr 5
stw 5,520(4)
vcmpgtub. 13,0,1
mfcr 5
stw 5,524(4)
vcmpneb. 14,0,1
mfcr 5
stw 5,528(4)
vcmpnezb. 15,0,1
mfcr 5
stw 5,532(4)
vcmpnezb. 16,2,2
mfcr 5
stw 5,536(4)
vcmpequw 17,0,1
vcmpequh 18,0,1
vcmpequd. 19,0,0
mfcr 5
stw 5,540(4)
vcmpgtsb 20,0,2
vcmpgtsh 21,0,2
vcmpgtsw 22,0,2
vcmpgtsd 23,0,2
vcmpgtuh 24,0,2
vcmpgtuw 25,0,2
vcmpgtud 26,0,2
vcmpneh 27,0,1
vcmpnew 28,0,1
vcmpnezh 29,0,2
vcmpnezw 30,0,2
vcmpequb 31,0,2
${dump([42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63])}` },
  { name: 'vmx bit ops', body: `
${ld(3)}
li 9,160
lxvd2x 35,3,9
vgbbd 10,0
vbpermq 11,0,1
vspltisb 12,7
vbpermq 13,0,12
vclzb 14,0
vclzh 15,0
vclzw 16,0
vclzd 17,0
vctzb 18,0
vctzh 19,0
vctzw 20,0
vctzd 21,0
vpopcntb 22,0
vpopcnth 23,0
vpopcntw 24,0
vpopcntd 25,0
vclzlsbb 5,0
vctzlsbb 6,0
vclzlsbb 7,3
vctzlsbb 8,3
vclzb 26,3
vctzd 27,3
std 5,400(4)
std 6,408(4)
std 7,416(4)
std 8,424(4)
${dump([42, 43, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59])}` },
  { name: 'misc', body: `
addi 5,3,3
li 6,13
lvsl 0,0,5
lvsr 1,0,5
lvsl 2,5,6
lvsr 3,5,6
mfvscr 4
vspltisw 5,1
mtvscr 5
mfvscr 6
vxor 5,5,5
mtvscr 5
li 5,0x1234
mtvrsave 5
mfvrsave 7
std 7,504(4)
li 5,8
lxsdx 10,3,5
lxsiwzx 11,3,5
li 5,124
lxsiwax 12,3,5
lxsd 13,16(3)
li 5,37
lvebx 14,3,5
li 5,38
lvehx 15,3,5
li 5,44
lvewx 16,3,5
${dump([32, 33, 34, 35, 36, 38, 10, 11, 12, 45, 46, 47, 48])}` },
  { name: 'power9 length and extract', body: `
${ld(2)}
li 5,5
sldi 5,5,56
li 6,20
sldi 6,6,56
addi 7,3,3
lxvl 0,7,5
lxvll 1,7,5
lxvl 2,7,6
lxvll 3,7,6
addi 8,4,64
stxvl 32,8,5
addi 8,4,80
stxvll 32,8,5
addi 8,4,96
stxvl 33,8,6
li 9,0
addi 8,4,128
stxvl 33,8,9
li 10,3
vextublx 11,10,0
vextubrx 12,10,0
vextuhlx 13,10,0
vextuhrx 14,10,0
vextuwlx 15,10,0
vextuwrx 16,10,0
li 10,12
vextuwlx 17,10,1
vextuwrx 18,10,1
std 11,160(4)
std 12,168(4)
std 13,176(4)
std 14,184(4)
std 15,192(4)
std 16,200(4)
std 17,208(4)
std 18,216(4)
${dump([0, 1, 2, 3], 256)}` },
];
