// Vector families (the `--vec` suite): VSX scalar and vector floating point, AltiVec floating
// point and integer arithmetic, crypto helpers, GPR<->VSR moves. Registers come from a small
// pool of VSRs (half of them AltiVec VRs, VSR 32-63) and GPRs. Every instruction here is fully
// defined for every input (no estimates the ISA leaves open beyond what qemu computes, no
// out-of-range element numbers), so nothing is tainted: whole registers, FPSCR and VSCR are
// compared bit for bit. Left out: vrlwmi/vrldmi, which qemu 7.2 executes without the insert
// (its result is the vrlwnm/vrldnm one).

const vs = (x) => `vs${x}`;
const vr = (x) => `v${x - 32}`;

// [mnemonic, form]
//   xx3: XT,XA,XB   xx2: XT,XB   bf3: BF,XA,XB   bf2: BF,XB
//   vx3: VRT,VRA,VRB   vx2: VRT,VRB   va: VRT,VRA,VRB,VRC   vxu: VRT,VRB,UIM(0-31)
const VSX_ARITH = [
  ...['xsadddp', 'xssubdp', 'xsmuldp', 'xsdivdp', 'xsaddsp', 'xssubsp', 'xsmulsp', 'xsdivsp'].map((m) => [m, 'xx3']),
  ...['xvadddp', 'xvsubdp', 'xvmuldp', 'xvdivdp', 'xvaddsp', 'xvsubsp', 'xvmulsp', 'xvdivsp'].map((m) => [m, 'xx3']),
  ...['xssqrtdp', 'xssqrtsp', 'xvsqrtdp', 'xvsqrtsp', 'xsredp', 'xsresp', 'xvredp', 'xvresp',
    'xsrsqrtedp', 'xvrsqrtedp'].map((m) => [m, 'xx2']),
];
const VSX_FMA = ['madda', 'maddm', 'msuba', 'msubm', 'nmadda', 'nmaddm', 'nmsuba', 'nmsubm']
  .flatMap((k) => [`xs${k}dp`, `xs${k}sp`, `xv${k}dp`, `xv${k}sp`]).map((m) => [m, 'xx3']);
const VSX_CMP = [
  ['xscmpudp', 'bf3'], ['xscmpodp', 'bf3'], ['xscmpexpdp', 'bf3'], ['xstdivdp', 'bf3'], ['xvtdivdp', 'bf3'],
  ['xstsqrtdp', 'bf2'], ['xvtsqrtdp', 'bf2'],
  ...['xscmpeqdp', 'xscmpgtdp', 'xscmpgedp'].map((m) => [m, 'xx3']),
  ...['xvcmpeqdp', 'xvcmpgtdp', 'xvcmpgedp', 'xvcmpeqsp', 'xvcmpgtsp', 'xvcmpgesp']
    .flatMap((m) => [[m, 'xx3'], [m + '.', 'xx3']]),
  ...['xsmaxdp', 'xsmindp', 'xvmaxdp', 'xvmindp', 'xvmaxsp', 'xvminsp', 'xsmaxcdp', 'xsmincdp',
    'xsmaxjdp', 'xsminjdp', 'xscpsgndp', 'xvcpsgndp', 'xvcpsgnsp'].map((m) => [m, 'xx3']),
  ...['xsabsdp', 'xsnabsdp', 'xsnegdp', 'xvabsdp', 'xvnabsdp', 'xvnegdp', 'xvabssp', 'xvnabssp', 'xvnegsp'].map((m) => [m, 'xx2']),
];
const VSX_CVT = [
  'xsrdpi', 'xsrdpiz', 'xsrdpip', 'xsrdpim', 'xsrdpic', 'xvrdpi', 'xvrdpiz', 'xvrdpip', 'xvrdpim', 'xvrdpic',
  'xvrspi', 'xvrspiz', 'xvrspip', 'xvrspim', 'xvrspic', 'xsrsp',
  'xscvdpsp', 'xscvdpspn', 'xscvspdp', 'xscvspdpn', 'xvcvdpsp', 'xvcvspdp',
  'xscvdpsxds', 'xscvdpsxws', 'xscvdpuxds', 'xscvdpuxws', 'xvcvdpsxds', 'xvcvdpsxws', 'xvcvdpuxds', 'xvcvdpuxws',
  'xvcvspsxds', 'xvcvspsxws', 'xvcvspuxds', 'xvcvspuxws',
  'xscvsxddp', 'xscvuxddp', 'xscvsxdsp', 'xscvuxdsp', 'xvcvsxddp', 'xvcvuxddp', 'xvcvsxdsp', 'xvcvuxdsp',
  'xvcvsxwdp', 'xvcvuxwdp', 'xvcvsxwsp', 'xvcvuxwsp',
  'xvxexpdp', 'xvxsigdp', 'xvxexpsp', 'xvxsigsp',
].map((m) => [m, 'xx2']).concat([['xviexpdp', 'xx3'], ['xviexpsp', 'xx3']]);
const VMX_FP = [
  ...['vaddfp', 'vsubfp', 'vmaxfp', 'vminfp'].map((m) => [m, 'vx3']),
  ...['vrefp', 'vrsqrtefp', 'vrfin', 'vrfiz', 'vrfip', 'vrfim'].map((m) => [m, 'vx2']),
  ['vmaddfp', 'va'], ['vnmsubfp', 'va'],
  ...['vcfux', 'vcfsx', 'vctuxs', 'vctsxs'].map((m) => [m, 'vxu']),
  ...['vcmpeqfp', 'vcmpgefp', 'vcmpgtfp', 'vcmpbfp'].flatMap((m) => [[m, 'vx3'], [m + '.', 'vx3']]),
];
const VMX_INT = [
  ...['vmuloub', 'vmulouh', 'vmulouw', 'vmulosb', 'vmulosh', 'vmulosw', 'vmuleub', 'vmuleuh', 'vmuleuw',
    'vmulesb', 'vmulesh', 'vmulesw', 'vmuluwm',
    'vaddubs', 'vadduhs', 'vadduws', 'vaddsbs', 'vaddshs', 'vaddsws', 'vsububs', 'vsubuhs', 'vsubuws',
    'vsubsbs', 'vsubshs', 'vsubsws', 'vaddcuw', 'vsubcuw', 'vadduqm', 'vaddcuq', 'vsubuqm', 'vsubcuq',
    'vavgub', 'vavguh', 'vavguw', 'vavgsb', 'vavgsh', 'vavgsw', 'vabsdub', 'vabsduh', 'vabsduw',
    'vmaxsh', 'vmaxsw', 'vmaxsd', 'vmaxud', 'vminsh', 'vminsw', 'vminsd', 'vminud',
    'vmaxub', 'vmaxuh', 'vmaxuw', 'vminub', 'vminuh', 'vminuw', 'vmaxsb', 'vminsb',
    'vrlb', 'vrlh', 'vrlw', 'vrld', 'vslv', 'vsrv', 'vrlwnm', 'vrldnm',
    'vsum4ubs', 'vsum4sbs', 'vsum4shs', 'vsum2sws', 'vsumsws',
    'vpkuhus', 'vpkuwus', 'vpkshus', 'vpkswus', 'vpkshss', 'vpkswss', 'vpkudus', 'vpksdus', 'vpksdss',
    'vpkuhum', 'vpkuwum', 'vpkudum', 'vmrgew', 'vmrgow',
    'vslb', 'vslh', 'vslw', 'vsld', 'vsrb', 'vsrh', 'vsrw', 'vsrd', 'vsrab', 'vsrah', 'vsraw', 'vsrad',
    'vpmsumb', 'vpmsumh', 'vpmsumw', 'vpmsumd', 'vcipher', 'vcipherlast', 'vncipher', 'vncipherlast',
    'vbpermq'].map((m) => [m, 'vx3']),
  ...['vupkhsb', 'vupkhsh', 'vupklsb', 'vupklsh', 'vupkhsw', 'vupklsw', 'vnegw', 'vnegd',
    'vprtybw', 'vprtybd', 'vprtybq', 'vextsb2w', 'vextsh2w', 'vextsb2d', 'vextsh2d', 'vextsw2d',
    'vgbbd', 'vsbox', 'vclzb', 'vclzw', 'vpopcntb', 'vpopcntd'].map((m) => [m, 'vx2']),
  ...['vmsumubm', 'vmsummbm', 'vmsumuhm', 'vmsumuhs', 'vmsumshm', 'vmsumshs', 'vmhaddshs', 'vmhraddshs',
    'vmladduhm', 'vaddeuqm', 'vaddecuq', 'vsubeuqm', 'vsubecuq', 'vpermxor', 'vsel', 'vperm', 'vpermr'].map((m) => [m, 'va']),
];
const VSX_PERM = [['xxperm', 'xx3'], ['xxpermr', 'xx3'], ['xxlxor', 'xx3'], ['xxmrghw', 'xx3']];

function pickForm(ctx, [m, form]) {
  const { rng } = ctx;
  const any = () => rng.pick(ctx.vpool);
  const vrs = ctx.vpool.filter((x) => x >= 32);
  const anyVr = () => rng.pick(vrs);
  switch (form) {
    case 'xx3': return { text: `${m} ${vs(any())},${vs(any())},${vs(any())}`, cr: m.endsWith('.') ? 6 : -1 };
    case 'xx2': return { text: `${m} ${vs(any())},${vs(any())}` };
    case 'bf3': { const bf = rng.int(8); return { text: `${m} cr${bf},${vs(any())},${vs(any())}`, cr: bf }; }
    case 'bf2': { const bf = rng.int(8); return { text: `${m} cr${bf},${vs(any())}`, cr: bf }; }
    case 'vx3': return { text: `${m} ${vr(anyVr())},${vr(anyVr())},${vr(anyVr())}`, cr: m.endsWith('.') ? 6 : -1 };
    case 'vx2': return { text: `${m} ${vr(anyVr())},${vr(anyVr())}` };
    case 'va': return { text: `${m} ${vr(anyVr())},${vr(anyVr())},${vr(anyVr())},${vr(anyVr())}` };
    case 'vxu': return { text: `${m} ${vr(anyVr())},${vr(anyVr())},${rng.int(32)}` };
  }
  throw new Error(form);
}

function fromTable(table) {
  return (ctx) => {
    const entry = ctx.rng.pick(table);
    const f = pickForm(ctx, entry);
    ctx.emit(f.text, entry[0]);
    if (f.cr !== undefined && f.cr >= 0) ctx.wrCrField(f.cr);
    return true;
  };
}

export const vsxArith = fromTable(VSX_ARITH);
export const vsxFma = fromTable(VSX_FMA);
export const vsxCompare = fromTable(VSX_CMP);
export const vsxConvert = fromTable(VSX_CVT);
export const vmxFp = fromTable(VMX_FP);
export const vmxInt = fromTable(VMX_INT);
export const vsxPerm = fromTable(VSX_PERM);

/** Element extract/insert with in-range UIM, SHA sigma, VSCR moves. */
export function vecMisc(ctx) {
  const { rng } = ctx;
  const vrs = ctx.vpool.filter((x) => x >= 32);
  const anyVr = () => vr(rng.pick(vrs));
  const any = () => vs(rng.pick(ctx.vpool));
  const kind = rng.pick(['extract', 'insert', 'xxext', 'sha', 'vscr']);
  switch (kind) {
    case 'extract': case 'insert': {
      const [m, size] = rng.pick(kind === 'extract'
        ? [['vextractub', 1], ['vextractuh', 2], ['vextractuw', 4], ['vextractd', 8]]
        : [['vinsertb', 1], ['vinserth', 2], ['vinsertw', 4], ['vinsertd', 8]]);
      ctx.emit(`${m} ${anyVr()},${anyVr()},${rng.int(17 - size)}`, m);
      return true;
    }
    case 'xxext': {
      const m = rng.pick(['xxextractuw', 'xxinsertw']);
      ctx.emit(`${m} ${any()},${any()},${rng.int(13)}`, m);
      return true;
    }
    case 'sha': {
      const m = rng.pick(['vshasigmaw', 'vshasigmad']);
      ctx.emit(`${m} ${anyVr()},${anyVr()},${rng.int(2)},${rng.int(16)}`, m);
      return true;
    }
    default: {
      // mtvscr takes NJ and SAT from word 3 of the VR: with random data, either may change.
      if (rng.chance(0.5)) ctx.emit(`mfvscr ${anyVr()}`, 'mfvscr');
      else ctx.emit(`mtvscr ${anyVr()}`, 'mtvscr');
      return true;
    }
  }
}

/** GPR <-> VSR moves and the ISA 3.0 exponent/significand moves. */
export function vecMove(ctx) {
  const { rng } = ctx;
  const any = () => vs(rng.pick(ctx.vpool));
  const g = () => `r${rng.pick(ctx.pool)}`;
  const m = rng.pick(['mfvsrd', 'mfvsrwz', 'mfvsrld', 'mtvsrd', 'mtvsrwa', 'mtvsrwz', 'mtvsrws', 'mtvsrdd',
    'xsxexpdp', 'xsxsigdp', 'xsiexpdp']);
  let text;
  if (m.startsWith('mf') || m.startsWith('xsx')) {
    const t = rng.pick(ctx.pool);
    text = `${m} r${t},${any()}`;
    ctx.wr(t);
  } else if (m === 'mtvsrdd' || m === 'xsiexpdp') text = `${m} ${any()},${g()},${g()}`;
  else text = `${m} ${any()},${g()}`;
  ctx.emit(text, m);
  return true;
}

export const VEC_FAMILIES = [
  [8, 'vsxArith', vsxArith], [6, 'vsxFma', vsxFma], [7, 'vsxCompare', vsxCompare], [9, 'vsxConvert', vsxConvert],
  [6, 'vmxFp', vmxFp], [14, 'vmxInt', vmxInt], [2, 'vsxPerm', vsxPerm], [3, 'vecMisc', vecMisc], [3, 'vecMove', vecMove],
];
