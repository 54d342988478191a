/**
 * The seccomp filter handed to bubblewrap (`--seccomp FD`): a classic-BPF program, assembled here
 * because no Debian package ships a tool that exports one (libseccomp has only the library). It
 * refuses, with EPERM, the system calls a command has no business making even without
 * capabilities: mounting, tracing other processes, loading kernels or modules, keyrings, BPF,
 * perf, new namespaces, reboot, swap, io_uring (whose operations bypass seccomp), TIOCSTI. System
 * calls of another ABI (i386, x32) kill the process: they would be numbered differently and slip
 * past the table.
 */
/** The architectures a filter can be built for (audit arch value and the syscall numbers we refuse). */
interface ArchTable {
  audit: number;
  /** Numbers at or above this are another ABI on the same arch (x32 on x86_64). */
  foreignAbove?: number;
  nr: Record<string, number>;
}

// Numbers from the kernel's uapi headers (asm/unistd_64.h for x86_64, asm-generic/unistd.h for aarch64).
const COMMON_GENERIC: Record<string, number> = {
  mount: 40, umount2: 39, pivot_root: 41, chroot: 51, ptrace: 117, process_vm_readv: 270, process_vm_writev: 271,
  kexec_load: 104, kexec_file_load: 294, init_module: 105, finit_module: 273, delete_module: 106,
  keyctl: 219, add_key: 217, request_key: 218, bpf: 280, perf_event_open: 241, userfaultfd: 282,
  unshare: 97, setns: 268, reboot: 142, swapon: 224, swapoff: 225, acct: 89, quotactl: 60, quotactl_fd: 443,
  syslog: 116, lookup_dcookie: 18, open_by_handle_at: 265, settimeofday: 170, clock_settime: 112, vhangup: 58, nfsservctl: 42,
  fsopen: 430, fsconfig: 431, fsmount: 432, fspick: 433, move_mount: 429, open_tree: 428, mount_setattr: 442,
  io_uring_setup: 425, io_uring_enter: 426, io_uring_register: 427,
  clone: 220, clone3: 435, ioctl: 29, socket: 198,
};

const X86_64: Record<string, number> = {
  mount: 165, umount2: 166, pivot_root: 155, chroot: 161, ptrace: 101, process_vm_readv: 310, process_vm_writev: 311,
  kexec_load: 246, kexec_file_load: 320, init_module: 175, finit_module: 313, delete_module: 176,
  keyctl: 250, add_key: 248, request_key: 249, bpf: 321, perf_event_open: 298, userfaultfd: 323,
  unshare: 272, setns: 308, reboot: 169, swapon: 167, swapoff: 168, acct: 163, quotactl: 179, quotactl_fd: 443,
  syslog: 103, lookup_dcookie: 212, open_by_handle_at: 304, settimeofday: 164, clock_settime: 227, vhangup: 153, nfsservctl: 180,
  fsopen: 430, fsconfig: 431, fsmount: 432, fspick: 433, move_mount: 429, open_tree: 428, mount_setattr: 442,
  io_uring_setup: 425, io_uring_enter: 426, io_uring_register: 427,
  iopl: 172, ioperm: 173, uselib: 134, _sysctl: 156, create_module: 174, get_kernel_syms: 177, query_module: 178,
  clone: 56, clone3: 435, ioctl: 16, socket: 41,
};

const ARCHES: Record<string, ArchTable> = {
  x64: { audit: 0xc000003e, foreignAbove: 0x40000000, nr: X86_64 },
  arm64: { audit: 0xc00000b7, nr: COMMON_GENERIC },
};

/** Refused outright (EPERM). */
const REFUSED = [
  'mount', 'umount2', 'pivot_root', 'chroot', 'fsopen', 'fsconfig', 'fsmount', 'fspick', 'move_mount', 'open_tree', 'mount_setattr',
  'ptrace', 'process_vm_readv', 'process_vm_writev',
  'kexec_load', 'kexec_file_load', 'init_module', 'finit_module', 'delete_module', 'create_module', 'get_kernel_syms', 'query_module', 'uselib',
  'keyctl', 'add_key', 'request_key', 'bpf', 'perf_event_open', 'userfaultfd', 'lookup_dcookie', 'open_by_handle_at',
  'unshare', 'setns', 'reboot', 'swapon', 'swapoff', 'acct', 'quotactl', 'quotactl_fd', 'syslog', 'settimeofday', 'clock_settime',
  'vhangup', 'nfsservctl', '_sysctl', 'iopl', 'ioperm',
  'io_uring_setup', 'io_uring_enter', 'io_uring_register',
];

const CLONE_NEW_ANY = 0x00020000 /* NS */ | 0x02000000 /* CGROUP */ | 0x04000000 /* UTS */ | 0x08000000 /* IPC */ | 0x10000000 /* USER */ | 0x20000000 /* PID */ | 0x40000000 /* NET */ | 0x00000080; /* TIME */
const TIOCSTI = 0x5412;
const TIOCLINUX = 0x541c;
const AF_NETLINK = 16;
const NETLINK_ROUTE = 0;
const NETLINK_SOCK_DIAG = 4;

const RET_ALLOW = 0x7fff0000;
const RET_KILL_PROCESS = 0x80000000;
const RET_ERRNO = 0x00050000;
const EPERM = 1;
const ENOSYS = 38;

// struct seccomp_data: nr (u32) at 0, arch (u32) at 4, instruction pointer at 8, args[6] (u64) from 16.
const OFF_NR = 0;
const OFF_ARCH = 4;
const argLow = (i: number) => 16 + 8 * i;

// Classic BPF opcodes.
const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JGE_K = 0x35;
const JSET_K = 0x45;
const RET_K = 0x06;

interface Insn {
  code: number;
  jt: number;
  jf: number;
  k: number;
}

const stmt = (code: number, k: number): Insn => ({ code, jt: 0, jf: 0, k });

/** What the filter lets through beyond the default: sockets only for netlink listing (a line sharing the host's network). */
export interface FilterOptions {
  /** socket() only for AF_NETLINK route / sock_diag: enough for ss and ip to list, nothing to connect with. */
  netlinkOnly?: boolean;
}

/** Whether this Node runs on an architecture we can build a filter for. */
export function seccompSupported(arch: string = process.arch): boolean {
  return arch in ARCHES;
}

/**
 * The filter as bytes (struct sock_filter[], host byte order), or undefined on an architecture we
 * have no table for (the run then has every other protection, and the result says none was loaded).
 */
export function seccompProgram(opts: FilterOptions = {}, arch: string = process.arch): Buffer | undefined {
  const table = ARCHES[arch];
  if (!table) return undefined;
  // Each check is built as "if match: return R" blocks; jumps are relative, so blocks are self-contained.
  const prog: Insn[] = [];
  const ret = (k: number) => prog.push(stmt(RET_K, k));
  prog.push(stmt(LD_W_ABS, OFF_ARCH));
  prog.push({ code: JEQ_K, jt: 1, jf: 0, k: table.audit });
  ret(RET_KILL_PROCESS);
  prog.push(stmt(LD_W_ABS, OFF_NR));
  if (table.foreignAbove !== undefined) {
    prog.push({ code: JGE_K, jt: 0, jf: 1, k: table.foreignAbove });
    ret(RET_KILL_PROCESS);
  }
  const refused = REFUSED.map((n) => table.nr[n]).filter((n): n is number => n !== undefined);
  for (const nr of refused) {
    prog.push({ code: JEQ_K, jt: 0, jf: 1, k: nr });
    ret(RET_ERRNO | EPERM);
  }
  // clone3 passes its flags in memory BPF cannot read: ENOSYS makes libc fall back to clone, whose flags we check.
  prog.push({ code: JEQ_K, jt: 0, jf: 1, k: table.nr.clone3! });
  ret(RET_ERRNO | ENOSYS);
  // clone(flags, ...): no new namespaces (flags are the first argument on both arches).
  prog.push({ code: JEQ_K, jt: 0, jf: 4, k: table.nr.clone! });
  prog.push(stmt(LD_W_ABS, argLow(0)));
  prog.push({ code: JSET_K, jt: 0, jf: 1, k: CLONE_NEW_ANY });
  ret(RET_ERRNO | EPERM);
  ret(RET_ALLOW);
  // ioctl(fd, TIOCSTI|TIOCLINUX): pushing keystrokes into a terminal. The kernel reads the request as 32 bits.
  prog.push({ code: JEQ_K, jt: 0, jf: 5, k: table.nr.ioctl! });
  prog.push(stmt(LD_W_ABS, argLow(1)));
  prog.push({ code: JEQ_K, jt: 1, jf: 0, k: TIOCSTI });
  prog.push({ code: JEQ_K, jt: 0, jf: 1, k: TIOCLINUX });
  ret(RET_ERRNO | EPERM);
  ret(RET_ALLOW);
  if (opts.netlinkOnly) {
    // socket(domain, type, protocol): AF_NETLINK with NETLINK_ROUTE or NETLINK_SOCK_DIAG, nothing else.
    prog.push({ code: JEQ_K, jt: 0, jf: 8, k: table.nr.socket! });
    prog.push(stmt(LD_W_ABS, argLow(0)));
    prog.push({ code: JEQ_K, jt: 1, jf: 0, k: AF_NETLINK });
    ret(RET_ERRNO | EPERM);
    prog.push(stmt(LD_W_ABS, argLow(2)));
    prog.push({ code: JEQ_K, jt: 1, jf: 0, k: NETLINK_ROUTE });
    prog.push({ code: JEQ_K, jt: 0, jf: 1, k: NETLINK_SOCK_DIAG });
    ret(RET_ALLOW);
    ret(RET_ERRNO | EPERM);
  }
  ret(RET_ALLOW);
  const buf = Buffer.alloc(prog.length * 8);
  const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  prog.forEach((insn, i) => {
    const o = i * 8;
    if (le) {
      buf.writeUInt16LE(insn.code, o);
      buf.writeUInt32LE(insn.k >>> 0, o + 4);
    } else {
      buf.writeUInt16BE(insn.code, o);
      buf.writeUInt32BE(insn.k >>> 0, o + 4);
    }
    buf.writeUInt8(insn.jt, o + 2);
    buf.writeUInt8(insn.jf, o + 3);
  });
  return buf;
}

/** Names of the system calls the filter refuses (for documentation and tests). */
export function refusedSyscalls(): readonly string[] {
  return REFUSED;
}
