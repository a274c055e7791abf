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
