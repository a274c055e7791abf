// strace decoders of the socket calls (strace's %network class), as strace 6.1 prints them:
// address families, socket types and their SOCK_CLOEXEC/SOCK_NONBLOCK flags, a protocol named
// by its family's table, socket addresses (`{sa_family=AF_INET, sin_port=htons(80),
// sin_addr=inet_addr("127.0.0.1")}`), MSG_* flags, socket option levels and names, and the
// in/out lengths (`[16]`, or `[128 => 16]` when the kernel changed it), control messages and
// struct ucred. Only AF_UNIX sockets exist in tricorn; the other families' forms show in
// failed calls, and follow strace for a kernel that has them.
// Checked against strace 6.1 on x86_64: test/abi/strace-net.test.ts.
import { iovAt, intAt, ptrStr, readMem, withFdPath, type Call, type Decoded } from './strace-decode.js';
import { formatBuffer, quoteBytes } from './quote.js';
import { readScalar } from './struct.js';
import { structLayout } from './structs.js';
import { hex64, printFlags, printXval, xlat, type Xlat } from './xlat.js';

const AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16, AF_PACKET = 17;

/** <linux/socket.h>'s AF_*, as strace names them (AF_UNIX, not AF_LOCAL). */
const families = xlat(([
  'AF_UNSPEC', 'AF_UNIX', 'AF_INET', 'AF_AX25', 'AF_IPX', 'AF_APPLETALK', 'AF_NETROM', 'AF_BRIDGE', 'AF_ATMPVC',
  'AF_X25', 'AF_INET6', 'AF_ROSE', 'AF_DECnet', 'AF_NETBEUI', 'AF_SECURITY', 'AF_KEY', 'AF_NETLINK', 'AF_PACKET',
  'AF_ASH', 'AF_ECONET', 'AF_ATMSVC', 'AF_RDS', 'AF_SNA', 'AF_IRDA', 'AF_PPPOX', 'AF_WANPIPE', 'AF_LLC', 'AF_IB',
  'AF_MPLS', 'AF_CAN', 'AF_TIPC', 'AF_BLUETOOTH', 'AF_IUCV', 'AF_RXRPC', 'AF_ISDN', 'AF_PHONET', 'AF_IEEE802154',
  'AF_CAIF', 'AF_ALG', 'AF_NFC', 'AF_VSOCK', 'AF_KCM', 'AF_QIPCRTR', 'AF_SMC', 'AF_XDP', 'AF_MCTP',
] as const).map((n, i) => [n, i] as const));

const SOCK_TYPE_MASK = 0xf;
const sockTypes = xlat([['SOCK_STREAM', 1], ['SOCK_DGRAM', 2], ['SOCK_RAW', 3], ['SOCK_RDM', 4], ['SOCK_SEQPACKET', 5],
  ['SOCK_DCCP', 6], ['SOCK_PACKET', 10]]);
/** SOCK_CLOEXEC and SOCK_NONBLOCK are O_CLOEXEC and O_NONBLOCK, the same on every arch tricorn runs. */
const sockFlags = xlat([['SOCK_CLOEXEC', 0o2000000], ['SOCK_NONBLOCK', 0o4000]]);

const inetProtocols = xlat([['IPPROTO_IP', 0], ['IPPROTO_ICMP', 1], ['IPPROTO_IGMP', 2], ['IPPROTO_IPIP', 4],
  ['IPPROTO_TCP', 6], ['IPPROTO_EGP', 8], ['IPPROTO_PUP', 12], ['IPPROTO_UDP', 17], ['IPPROTO_IDP', 22],
  ['IPPROTO_TP', 29], ['IPPROTO_DCCP', 33], ['IPPROTO_IPV6', 41], ['IPPROTO_ROUTING', 43], ['IPPROTO_FRAGMENT', 44],
  ['IPPROTO_RSVP', 46], ['IPPROTO_GRE', 47], ['IPPROTO_ESP', 50], ['IPPROTO_AH', 51], ['IPPROTO_ICMPV6', 58],
  ['IPPROTO_NONE', 59], ['IPPROTO_DSTOPTS', 60], ['IPPROTO_MTP', 92], ['IPPROTO_BEETPH', 94], ['IPPROTO_ENCAP', 98],
  ['IPPROTO_PIM', 103], ['IPPROTO_COMP', 108], ['IPPROTO_L2TP', 115], ['IPPROTO_SCTP', 132], ['IPPROTO_MH', 135],
  ['IPPROTO_UDPLITE', 136], ['IPPROTO_MPLS', 137], ['IPPROTO_ETHERNET', 143], ['IPPROTO_RAW', 255],
  ['IPPROTO_MPTCP', 262]]);

const netlinkProtocols = xlat([['NETLINK_ROUTE', 0], ['NETLINK_UNUSED', 1], ['NETLINK_USERSOCK', 2],
  ['NETLINK_FIREWALL', 3], ['NETLINK_SOCK_DIAG', 4], ['NETLINK_NFLOG', 5], ['NETLINK_XFRM', 6], ['NETLINK_SELINUX', 7],
  ['NETLINK_ISCSI', 8], ['NETLINK_AUDIT', 9], ['NETLINK_FIB_LOOKUP', 10], ['NETLINK_CONNECTOR', 11],
  ['NETLINK_NETFILTER', 12], ['NETLINK_IP6_FW', 13], ['NETLINK_DNRTMSG', 14], ['NETLINK_KOBJECT_UEVENT', 15],
  ['NETLINK_GENERIC', 16], ['NETLINK_SCSITRANSPORT', 18], ['NETLINK_ECRYPTFS', 19], ['NETLINK_RDMA', 20],
  ['NETLINK_CRYPTO', 21], ['NETLINK_SMC', 22]]);

/** AF_PACKET's protocol is an ethertype in network byte order: `htons(ETH_P_ALL)`. */
const ethProtocols = xlat([['ETH_P_ALL', 0x3], ['ETH_P_IP', 0x800], ['ETH_P_ARP', 0x806], ['ETH_P_IPV6', 0x86dd]]);

const msgFlags = xlat([['MSG_OOB', 0x1], ['MSG_PEEK', 0x2], ['MSG_DONTROUTE', 0x4], ['MSG_CTRUNC', 0x8],
  ['MSG_PROXY', 0x10], ['MSG_TRUNC', 0x20], ['MSG_DONTWAIT', 0x40], ['MSG_EOR', 0x80], ['MSG_WAITALL', 0x100],
  ['MSG_FIN', 0x200], ['MSG_SYN', 0x400], ['MSG_CONFIRM', 0x800], ['MSG_RST', 0x1000], ['MSG_ERRQUEUE', 0x2000],
  ['MSG_NOSIGNAL', 0x4000], ['MSG_MORE', 0x8000], ['MSG_WAITFORONE', 0x10000], ['MSG_SENDPAGE_NOPOLICY', 0x10000],
  ['MSG_BATCH', 0x40000], ['MSG_ZEROCOPY', 0x4000000], ['MSG_FASTOPEN', 0x20000000],
  ['MSG_CMSG_CLOEXEC', 0x40000000], ['MSG_CMSG_COMPAT', 0x80000000]]);

const shutHow = xlat([['SHUT_RD', 0], ['SHUT_WR', 1], ['SHUT_RDWR', 2]]);

const SOL_IP = 0, SOL_SOCKET = 1, SOL_TCP = 6, SOL_IPV6 = 41;
const levels = xlat([['SOL_IP', 0], ['SOL_SOCKET', 1], ['SOL_TCP', 6], ['SOL_UDP', 17], ['SOL_IPV6', 41],
  ['SOL_ICMPV6', 58], ['SOL_SCTP', 132], ['SOL_UDPLITE', 136], ['SOL_RAW', 255], ['SOL_IPX', 256], ['SOL_AX25', 257],
  ['SOL_ATALK', 258], ['SOL_NETROM', 259], ['SOL_ROSE', 260], ['SOL_DECNET', 261], ['SOL_X25', 262],
  ['SOL_PACKET', 263], ['SOL_ATM', 264], ['SOL_AAL', 265], ['SOL_IRDA', 266], ['SOL_NETBEUI', 267], ['SOL_LLC', 268],
  ['SOL_DCCP', 269], ['SOL_NETLINK', 270], ['SOL_TIPC', 271], ['SOL_RXRPC', 272], ['SOL_PPPOL2TP', 273],
  ['SOL_BLUETOOTH', 274], ['SOL_PNPIPE', 275], ['SOL_RDS', 276], ['SOL_IUCV', 277], ['SOL_CAIF', 278],
  ['SOL_ALG', 279], ['SOL_NFC', 280], ['SOL_KCM', 281], ['SOL_TLS', 282], ['SOL_XDP', 283], ['SOL_MPTCP', 284],
  ['SOL_MCTP', 285], ['SOL_SMC', 286]]);

/** SOL_SOCKET's option names; six of them are numbered apart on PowerPC (ArchFlags). */
function socketOptions(c: Call): Xlat {
  const { SO_PASSCRED: pc, SO_RCVLOWAT: lw } = c.arch.flags;
  return xlat([['SO_DEBUG', 1], ['SO_REUSEADDR', 2], ['SO_TYPE', 3], ['SO_ERROR', 4], ['SO_DONTROUTE', 5],
    ['SO_BROADCAST', 6], ['SO_SNDBUF', 7], ['SO_RCVBUF', 8], ['SO_KEEPALIVE', 9], ['SO_OOBINLINE', 10],
    ['SO_NO_CHECK', 11], ['SO_PRIORITY', 12], ['SO_LINGER', 13], ['SO_BSDCOMPAT', 14], ['SO_REUSEPORT', 15],
    ['SO_PASSCRED', pc], ['SO_PEERCRED', pc + 1], ['SO_RCVLOWAT', lw], ['SO_SNDLOWAT', lw + 1],
    ['SO_RCVTIMEO_OLD', lw + 2], ['SO_SNDTIMEO_OLD', lw + 3], ['SO_SECURITY_AUTHENTICATION', 22],
    ['SO_SECURITY_ENCRYPTION_TRANSPORT', 23], ['SO_SECURITY_ENCRYPTION_NETWORK', 24], ['SO_BINDTODEVICE', 25],
    ['SO_ATTACH_FILTER', 26], ['SO_DETACH_FILTER', 27], ['SO_PEERNAME', 28], ['SO_TIMESTAMP_OLD', 29],
    ['SO_ACCEPTCONN', 30], ['SO_PEERSEC', 31], ['SO_SNDBUFFORCE', 32], ['SO_RCVBUFFORCE', 33], ['SO_PASSSEC', 34],
    ['SO_TIMESTAMPNS_OLD', 35], ['SO_MARK', 36], ['SO_TIMESTAMPING_OLD', 37], ['SO_PROTOCOL', 38], ['SO_DOMAIN', 39],
    ['SO_RXQ_OVFL', 40], ['SO_WIFI_STATUS', 41], ['SO_PEEK_OFF', 42], ['SO_NOFCS', 43], ['SO_LOCK_FILTER', 44],
    ['SO_SELECT_ERR_QUEUE', 45], ['SO_BUSY_POLL', 46], ['SO_MAX_PACING_RATE', 47], ['SO_BPF_EXTENSIONS', 48],
    ['SO_INCOMING_CPU', 49], ['SO_ATTACH_BPF', 50], ['SO_ATTACH_REUSEPORT_CBPF', 51], ['SO_ATTACH_REUSEPORT_EBPF', 52],
    ['SO_CNX_ADVICE', 53], ['SO_MEMINFO', 55], ['SO_INCOMING_NAPI_ID', 56], ['SO_COOKIE', 57], ['SO_PEERGROUPS', 59],
    ['SO_ZEROCOPY', 60], ['SO_TXTIME', 61], ['SO_BINDTOIFINDEX', 62], ['SO_TIMESTAMP_NEW', 63],
    ['SO_TIMESTAMPNS_NEW', 64], ['SO_TIMESTAMPING_NEW', 65], ['SO_RCVTIMEO_NEW', 66], ['SO_SNDTIMEO_NEW', 67],
    ['SO_DETACH_REUSEPORT_BPF', 68]]);
}
const tcpOptions = xlat([['TCP_NODELAY', 1], ['TCP_MAXSEG', 2], ['TCP_CORK', 3], ['TCP_KEEPIDLE', 4],
  ['TCP_KEEPINTVL', 5], ['TCP_KEEPCNT', 6], ['TCP_SYNCNT', 7], ['TCP_LINGER2', 8], ['TCP_DEFER_ACCEPT', 9],
  ['TCP_WINDOW_CLAMP', 10], ['TCP_INFO', 11], ['TCP_QUICKACK', 12], ['TCP_CONGESTION', 13], ['TCP_MD5SIG', 14],
  ['TCP_THIN_LINEAR_TIMEOUTS', 16], ['TCP_THIN_DUPACK', 17], ['TCP_USER_TIMEOUT', 18], ['TCP_REPAIR', 19],
  ['TCP_REPAIR_QUEUE', 20], ['TCP_QUEUE_SEQ', 21], ['TCP_REPAIR_OPTIONS', 22], ['TCP_FASTOPEN', 23],
  ['TCP_TIMESTAMP', 24], ['TCP_NOTSENT_LOWAT', 25], ['TCP_CC_INFO', 26], ['TCP_SAVE_SYN', 27], ['TCP_SAVED_SYN', 28],
  ['TCP_REPAIR_WINDOW', 29], ['TCP_FASTOPEN_CONNECT', 30], ['TCP_ULP', 31], ['TCP_MD5SIG_EXT', 32],
  ['TCP_FASTOPEN_KEY', 33], ['TCP_FASTOPEN_NO_COOKIE', 34], ['TCP_ZEROCOPY_RECEIVE', 35], ['TCP_INQ', 36],
  ['TCP_TX_DELAY', 37]]);
const ipOptions = xlat([['IP_TOS', 1], ['IP_TTL', 2], ['IP_HDRINCL', 3], ['IP_OPTIONS', 4], ['IP_ROUTER_ALERT', 5],
  ['IP_RECVOPTS', 6], ['IP_RETOPTS', 7], ['IP_PKTINFO', 8], ['IP_PKTOPTIONS', 9], ['IP_MTU_DISCOVER', 10],
  ['IP_RECVERR', 11], ['IP_RECVTTL', 12], ['IP_RECVTOS', 13], ['IP_MTU', 14], ['IP_FREEBIND', 15],
  ['IP_IPSEC_POLICY', 16], ['IP_XFRM_POLICY', 17], ['IP_PASSSEC', 18], ['IP_TRANSPARENT', 19],
  ['IP_ORIGDSTADDR', 20], ['IP_MINTTL', 21], ['IP_NODEFRAG', 22], ['IP_CHECKSUM', 23], ['IP_BIND_ADDRESS_NO_PORT', 24],
  ['IP_RECVFRAGSIZE', 25], ['IP_RECVERR_RFC4884', 26], ['IP_MULTICAST_IF', 32], ['IP_MULTICAST_TTL', 33],
  ['IP_MULTICAST_LOOP', 34], ['IP_ADD_MEMBERSHIP', 35], ['IP_DROP_MEMBERSHIP', 36]]);
const ipv6Options = xlat([['IPV6_ADDRFORM', 1], ['IPV6_2292PKTINFO', 2], ['IPV6_2292HOPOPTS', 3],
  ['IPV6_2292DSTOPTS', 4], ['IPV6_2292RTHDR', 5], ['IPV6_2292PKTOPTIONS', 6], ['IPV6_CHECKSUM', 7],
  ['IPV6_2292HOPLIMIT', 8], ['IPV6_NEXTHOP', 9], ['IPV6_AUTHHDR', 10], ['IPV6_FLOWINFO', 11],
  ['IPV6_UNICAST_HOPS', 16], ['IPV6_MULTICAST_IF', 17], ['IPV6_MULTICAST_HOPS', 18], ['IPV6_MULTICAST_LOOP', 19],
  ['IPV6_ADD_MEMBERSHIP', 20], ['IPV6_DROP_MEMBERSHIP', 21], ['IPV6_ROUTER_ALERT', 22], ['IPV6_MTU_DISCOVER', 23],
  ['IPV6_MTU', 24], ['IPV6_RECVERR', 25], ['IPV6_V6ONLY', 26], ['IPV6_JOIN_ANYCAST', 27],
  ['IPV6_LEAVE_ANYCAST', 28]]);

function optionName(c: Call, level: number, name: number): string {
  const t = level === SOL_SOCKET ? socketOptions(c) : level === SOL_TCP ? tcpOptions : level === SOL_IP ? ipOptions
    : level === SOL_IPV6 ? ipv6Options : null;
  if (!t) return `${name >>> 0}`;
  const d = level === SOL_SOCKET ? 'SO_???' : level === SOL_TCP ? 'TCP_???' : level === SOL_IP ? 'IP_???' : 'IPV6_???';
  return printXval(t, name, 0, d);
}

/** `AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP`: socket's and socketpair's first three. */
function domainTypeProtocol(c: Call): string {
  const family = c.int(0);
  // A known type, then its flags; an unknown one is printed with them as one flag word.
  const type = c.lo(1);
  const known = printXval(sockTypes, type & SOCK_TYPE_MASK, 0, null);
  const rest = (type & ~SOCK_TYPE_MASK) >>> 0;
  const t = !known.startsWith('SOCK_') ? printFlags(sockFlags, type, 0, 'SOCK_???')
    : rest ? `${known}|${printFlags(sockFlags, rest, 0, 'SOCK_???')}` : known;
  const proto = c.int(2);
  let p: string;
  if (family === AF_INET || family === AF_INET6) p = printXval(inetProtocols, proto, 0, 'IPPROTO_???');
  else if (family === AF_NETLINK) p = printXval(netlinkProtocols, proto, 0, 'NETLINK_???');
  else if (family === AF_PACKET) {
    const eth = ((proto & 0xff) << 8) | ((proto >> 8) & 0xff);
    p = `htons(${printXval(ethProtocols, eth, 0, 'ETH_P_???')})`;
  } else p = `${proto}`;
  return `${printXval(families, family, 0, 'AF_???')}, ${t}, ${p}`;
}

/** The bytes of an IPv6 address as inet_ntop writes it: `::1`, `fe80::1`, `2001:db8::`. */
function inet6(b: Uint8Array): string {
  const w = Array.from({ length: 8 }, (_, i) => (b[2 * i] << 8) | b[2 * i + 1]);
  // An IPv4-mapped address keeps its dotted quad, as inet_ntop prints it.
  if (w.slice(0, 5).every((x) => x === 0) && w[5] === 0xffff) return `::ffff:${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (w[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(':');
  return best < 0 ? hex(w) : `${hex(w.slice(0, best))}::${hex(w.slice(best + bestLen))}`;
}

const be16 = (b: Uint8Array, o: number) => (b[o] << 8) | b[o + 1];
const be32 = (b: Uint8Array, o: number) => (((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0);

/** struct sockaddr_storage's size: the most of an address strace (and the kernel) reads. */
const SOCKADDR_MAX = 128;
/** sizeof(struct sockaddr_un). */
const SOCKADDR_UN = 110;

/**
 * A socket address of `len` bytes at (lo, hi), as strace's print_sockaddr: NULL, the address
 * when the length is too short or too long to be one (or unreadable), else the family's fields.
 */
export function sockaddr(c: Call, lo: number, hi: number, len: number): string {
  if (lo === 0 && hi === 0) return 'NULL';
  if (len < 2) return hex64(lo, hi);
  // A longer length is read up to the largest address there is (decode_sockaddr's clamp).
  len = Math.min(len, SOCKADDR_MAX);
  const b = readMem(c, lo, hi, len);
  if (!b) return hex64(lo, hi);
  const family = readScalar(b, 0, 2, false, c.little);
  const head = `sa_family=${printXval(families, family, 0, 'AF_???')}`;
  if (family === AF_INET && len >= 16) {
    return `{${head}, sin_port=htons(${be16(b, 2)}), sin_addr=inet_addr("${b[4]}.${b[5]}.${b[6]}.${b[7]}")}`;
  }
  if (family === AF_INET6 && len >= 24) {
    const scope = len >= 28 ? `, sin6_scope_id=${readScalar(b, 24, 4, false, c.little)}` : '';
    return `{${head}, sin6_port=htons(${be16(b, 2)}), sin6_flowinfo=htonl(${be32(b, 4)}), ` +
      `inet_pton(AF_INET6, "${inet6(b.subarray(8, 24))}", &sin6_addr)${scope}}`;
  }
  if (family === AF_UNIX) {
    if (len === 2) return `{${head}}`;
    // sun_path is 108 bytes: a longer length shows no more of it.
    const path = b.subarray(2, Math.min(len, SOCKADDR_UN));
    // An abstract name starts with a NUL: strace writes it `@"name"`, its whole length.
    if (path[0] === 0) return `{${head}, sun_path=@${quoteBytes(path.subarray(1), path.length - 1).text}}`;
    const end = path.indexOf(0);
    return `{${head}, sun_path=${quoteBytes(end < 0 ? path : path.subarray(0, end), path.length).text}}`;
  }
  return `{${head}, sa_data=${quoteBytes(b.subarray(2, len), len - 2).text}}`;
}

/** A socklen_t in/out length: at entry its value `[16]`; after, `[128 => 16]` if the kernel changed it. */
function lengthOut(c: Call, i: number, before: number | null): string {
  if (c.lo(i) === 0 && c.hi(i) === 0) return 'NULL';
  const now = readMem(c, c.lo(i), c.hi(i), 4);
  if (before === null || !now) return before === null ? hex64(c.lo(i), c.hi(i)) : `[${before}]`;
  const after = readScalar(now, 0, 4, true, c.little);
  return c.failed || after === before ? `[${before}]` : `[${before} => ${after}]`;
}

/** The int a socklen_t pointer holds at entry, or null. */
function lengthIn(c: Call, i: number): number | null {
  const b = c.lo(i) === 0 && c.hi(i) === 0 ? null : readMem(c, c.lo(i), c.hi(i), 4);
  return b ? readScalar(b, 0, 4, true, c.little) : null;
}

const fd = (c: Call) => withFdPath(c, c.int(0), `${c.int(0)}`);

export function decodeSocket(c: Call): Decoded {
  return { enter: domainTypeProtocol(c), exit: null };
}

export function decodeSocketpair(c: Call): Decoded {
  return {
    enter: `${domainTypeProtocol(c)}, `,
    exit: (cc) => {
      const b = cc.failed ? null : readMem(cc, cc.lo(3), cc.hi(3), 8);
      return b ? `[${readScalar(b, 0, 4, true, cc.little)}, ${readScalar(b, 4, 4, true, cc.little)}]` : ptrStr(cc.lo(3), cc.hi(3));
    },
  };
}

/** bind and connect: the address given, read at entry. */
export function decodeSockaddrIn(c: Call): Decoded {
  return { enter: `${fd(c)}, ${sockaddr(c, c.lo(1), c.hi(1), c.int(2))}, ${c.int(2)}`, exit: null };
}

/** accept, getsockname, getpeername (and accept4's flags): the address the kernel wrote. */
export function decodeSockaddrOut(c: Call): Decoded {
  const before = lengthIn(c, 2);
  const flags = c.name === 'accept4' ? `, ${printFlags(sockFlags, c.lo(3), 0, 'SOCK_???')}` : '';
  return {
    enter: `${fd(c)}, `,
    exit: (cc) => {
      const addr = cc.failed || before === null ? ptrStr(cc.lo(1), cc.hi(1))
        : sockaddr(cc, cc.lo(1), cc.hi(1), Math.min(before, lengthIn(cc, 2) ?? before));
      return `${addr}, ${lengthOut(cc, 2, before)}${flags}`;
    },
  };
}

export function decodeSendto(c: Call): Decoded {
  const a = c.lo(1), h = c.hi(1);
  const buf = a === 0 && h === 0 ? 'NULL' : formatBuffer(c.mem, h * 0x100000000 + a, c.num(2), c.strsize);
  return {
    enter: `${fd(c)}, ${buf}, ${c.num(2)}, ${printFlags(msgFlags, c.lo(3), 0, 'MSG_???')}, ` +
      `${sockaddr(c, c.lo(4), c.hi(4), c.int(5))}, ${c.int(5)}`,
    exit: null,
  };
}

/** send and recv (socketcall's, s390x's): sendto and recvfrom without an address. */
export function decodeSend(c: Call): Decoded {
  const a = c.lo(1), h = c.hi(1);
  const buf = a === 0 && h === 0 ? 'NULL' : formatBuffer(c.mem, h * 0x100000000 + a, c.num(2), c.strsize);
  return { enter: `${fd(c)}, ${buf}, ${c.num(2)}, ${printFlags(msgFlags, c.lo(3), 0, 'MSG_???')}`, exit: null };
}

/** The bytes a receive wrote: its result, but never more than the buffer (MSG_TRUNC returns a datagram's whole length). */
const received = (c: Call) => Math.min(c.result ?? 0, c.num(2));

export function decodeRecv(c: Call): Decoded {
  return {
    enter: `${fd(c)}, `,
    exit: (cc) => {
      const a = cc.lo(1), h = cc.hi(1);
      const buf = cc.failed ? ptrStr(a, h) : formatBuffer(cc.mem, h * 0x100000000 + a, received(cc), cc.strsize);
      return `${buf}, ${cc.num(2)}, ${printFlags(msgFlags, cc.lo(3), 0, 'MSG_???')}`;
    },
  };
}

export function decodeRecvfrom(c: Call): Decoded {
  const before = lengthIn(c, 5);
  return {
    enter: `${fd(c)}, `,
    exit: (cc) => {
      const a = cc.lo(1), h = cc.hi(1);
      const buf = cc.failed ? ptrStr(a, h) : formatBuffer(cc.mem, h * 0x100000000 + a, received(cc), cc.strsize);
      const addr = cc.failed || before === null ? ptrStr(cc.lo(4), cc.hi(4))
        : sockaddr(cc, cc.lo(4), cc.hi(4), Math.min(before, lengthIn(cc, 5) ?? before));
      return `${buf}, ${cc.num(2)}, ${printFlags(msgFlags, cc.lo(3), 0, 'MSG_???')}, ${addr}, ${lengthOut(cc, 5, before)}`;
    },
  };
}

export function decodeShutdown(c: Call): Decoded {
  return { enter: `${fd(c)}, ${printXval(shutHow, c.lo(1), 0, 'SHUT_???')}`, exit: null };
}

/** An option's value: an int when it is one's size (`[1]`), else the address. */
function optionValue(c: Call, i: number, len: number): string {
  if (c.lo(i) === 0 && c.hi(i) === 0) return 'NULL';
  return len === 4 ? intAt(c, c.lo(i), c.hi(i)) : hex64(c.lo(i), c.hi(i));
}

const levelAndName = (c: Call) =>
  `${fd(c)}, ${printXval(levels, c.lo(1), 0, 'SOL_???')}, ${optionName(c, c.int(1), c.int(2))}`;

const SO_BINDTODEVICE = 25;

export function decodeSetsockopt(c: Call): Decoded {
  // SO_BINDTODEVICE's value is an interface name: its bytes, the whole length given.
  const value = c.int(1) === SOL_SOCKET && c.int(2) === SO_BINDTODEVICE && (c.lo(3) || c.hi(3))
    ? formatBuffer(c.mem, c.hi(3) * 0x100000000 + c.lo(3), c.num(4), c.strsize) : optionValue(c, 3, c.int(4));
  return { enter: `${levelAndName(c)}, ${value}, ${c.int(4)}`, exit: null };
}

/** struct ucred (SO_PEERCRED, SCM_CREDENTIALS): `{pid=1, uid=0, gid=0}`. */
function ucred(c: Call, b: Uint8Array): string {
  const w = (o: number) => readScalar(b, o, 4, false, c.little);
  return `{pid=${readScalar(b, 0, 4, true, c.little)}, uid=${w(4)}, gid=${w(8)}}`;
}

/**
 * What getsockopt wrote: SO_PEERCRED's struct ucred; an int when `len` is an int's size;
 * otherwise the bytes (strace's print_getsockopt).
 */
function gotOption(c: Call, len: number): string {
  const lo = c.lo(3), hi = c.hi(3);
  if (lo === 0 && hi === 0) return 'NULL';
  if (c.int(1) === SOL_SOCKET && c.int(2) === c.arch.flags.SO_PASSCRED + 1 && len >= 12) {
    const b = readMem(c, lo, hi, 12);
    return b ? ucred(c, b) : hex64(lo, hi);
  }
  if (len === 4) return intAt(c, lo, hi);
  return len > 0 ? formatBuffer(c.mem, hi * 0x100000000 + lo, len, c.strsize) : hex64(lo, hi);
}

export function decodeGetsockopt(c: Call): Decoded {
  const before = lengthIn(c, 4);
  return {
    enter: `${levelAndName(c)}, `,
    exit: (cc) => {
      const value = cc.failed ? ptrStr(cc.lo(3), cc.hi(3)) : gotOption(cc, lengthIn(cc, 4) ?? -1);
      return `${value}, ${lengthOut(cc, 4, before)}`;
    },
  };
}

const SCM_RIGHTS = 1, SCM_CREDENTIALS = 2;
const scmTypes = xlat([['SCM_RIGHTS', SCM_RIGHTS], ['SCM_CREDENTIALS', SCM_CREDENTIALS], ['SCM_SECURITY', 3],
  ['SCM_PIDFD', 4]]);
/** struct cmsghdr on the 64-bit ABIs: a size_t length, the level and type, data from byte 16. */
const CMSG_HDR = 16;

/**
 * A control buffer as strace's decode_msg_control prints it: each cmsghdr with its data
 * (SCM_RIGHTS' descriptors, SCM_CREDENTIALS' struct ucred), the address when unreadable.
 */
function cmsgs(c: Call, lo: number, hi: number, len: number): string {
  const b = readMem(c, lo, hi, Math.min(len, 4096));
  if (!b) return hex64(lo, hi);
  const out: string[] = [];
  for (let off = 0; off + CMSG_HDR <= b.length;) {
    const cmlen = Number(readScalar(b, off, 8, false, c.little));
    const level = readScalar(b, off + 8, 4, true, c.little), type = readScalar(b, off + 12, 4, true, c.little);
    const sol = level === SOL_SOCKET;
    let item = `{cmsg_len=${cmlen}, cmsg_level=${printXval(levels, level, 0, 'SOL_???')}, ` +
      `cmsg_type=${sol ? printXval(scmTypes, type, 0, 'SCM_???') : type}`;
    const data = b.subarray(off + CMSG_HDR, off + Math.min(Math.max(cmlen, CMSG_HDR), b.length - off));
    if (sol && type === SCM_RIGHTS) {
      const fds: string[] = [];
      for (let i = 0; i + 4 <= data.length; i += 4) fds.push(`${readScalar(data, i, 4, true, c.little)}`);
      item += `, cmsg_data=[${fds.join(', ')}]`;
    } else if (sol && type === SCM_CREDENTIALS && data.length >= 12) {
      item += `, cmsg_data=${ucred(c, data)}`;
    }
    out.push(`${item}}`);
    if (cmlen < CMSG_HDR) break;
    off += (cmlen + 7) & ~7;
  }
  return `[${out.join(', ')}]`;
}

/** struct user_msghdr: the name, the iovecs (their bytes up to `data`), control, flags. */
function msghdr(c: Call, i: number, data: number | null): string {
  const L = structLayout('msghdr', c.arch);
  const b = c.lo(i) === 0 && c.hi(i) === 0 ? null : readMem(c, c.lo(i), c.hi(i), L.size);
  if (!b) return ptrStr(c.lo(i), c.hi(i));
  const namelen = L.get(b, 'msg_namelen');
  const name = sockaddr(c, L.getLo(b, 'msg_name'), L.getHi(b, 'msg_name'), namelen);
  const iovlen = L.get(b, 'msg_iovlen');
  const iov = data === null ? ptrStr(L.getLo(b, 'msg_iov'), L.getHi(b, 'msg_iov'))
    : iovAt(c, L.getLo(b, 'msg_iov'), L.getHi(b, 'msg_iov'), iovlen, data);
  const controllen = L.get(b, 'msg_controllen');
  const control = controllen ? `msg_control=${cmsgs(c, L.getLo(b, 'msg_control'), L.getHi(b, 'msg_control'), controllen)}, ` : '';
  return `{msg_name=${name}, msg_namelen=${namelen}, msg_iov=${iov}, msg_iovlen=${iovlen}, ${control}` +
    `msg_controllen=${controllen}, msg_flags=${printFlags(msgFlags, L.get(b, 'msg_flags'), 0, 'MSG_???')}}`;
}

export function decodeSendmsg(c: Call): Decoded {
  return { enter: `${fd(c)}, ${msghdr(c, 1, Infinity)}, ${printFlags(msgFlags, c.lo(2), 0, 'MSG_???')}`, exit: null };
}

export function decodeRecvmsg(c: Call): Decoded {
  const L = structLayout('msghdr', c.arch);
  const b = readMem(c, c.lo(1), c.hi(1), L.size);
  const namelen = b ? L.get(b, 'msg_namelen') : null;
  return {
    enter: `${fd(c)}, `,
    exit: (cc) => {
      // A failed call wrote nothing: strace shows the name length it was given.
      const m = !cc.failed ? msghdr(cc, 1, cc.result ?? 0) : namelen === null ? ptrStr(cc.lo(1), cc.hi(1)) : `{msg_namelen=${namelen}}`;
      return `${m}, ${printFlags(msgFlags, cc.lo(2), 0, 'MSG_???')}`;
    },
  };
}
