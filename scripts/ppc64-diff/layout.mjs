// The record each case reads its initial state from and writes its final state back into.
// Slots are 8 bytes, in the guest's byte order. The test reads the same layout from meta.json.
export const SLOT = {
  gpr: 0, // r0..r31 (r1 is the record pointer and is neither loaded nor stored)
  cr: 32, // CR in the low 32 bits
  xer: 33,
  lr: 34,
  ctr: 35,
  fpscr: 36, // FPSCR as mffs returns it
  fpr: 37, // f0..f31
  mem: 69, // 16 slots: the 128-byte scratch buffer
};
export const NSLOTS = 85;
export const REC_SIZE = NSLOTS * 8;

export function slotNames() {
  const names = [];
  for (let i = 0; i < 32; i++) names.push(`r${i}`);
  names.push('cr', 'xer', 'lr', 'ctr', 'fpscr');
  for (let i = 0; i < 32; i++) names.push(`f${i}`);
  for (let i = 0; i < 16; i++) names.push(`mem+${i * 8}`);
  return names;
}

// The vector suite (gen.mjs --vec) appends VSCR and the 64 VSRs: VSCR's slot pair is a
// quadword whose word 3 (the low word of the second slot) is VSCR, as mtvscr/mfvscr see it;
// VSR n is slots vsr + 2n (doubleword 0) and vsr + 2n + 1 (doubleword 1), as lxvd2x/stxvd2x
// access them. The FPR slots hold doubleword 0 of VSR 0-31 too (stored by stfd).
export const VSLOT = { ...SLOT, vscr: 85, vsr: 87 };
export const NSLOTS_VEC = 87 + 128;
export const REC_SIZE_VEC = NSLOTS_VEC * 8;

export function slotNamesVec() {
  const names = slotNames();
  names.push('vscr.hi', 'vscr');
  for (let i = 0; i < 64; i++) names.push(`vs${i}.0`, `vs${i}.1`);
  return names;
}
