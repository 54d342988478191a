/**
 * The seccomp program's shape (its effect is proven on real bwrap in containment.test.ts): an
 * architecture check first, every jump inside the program, every path ending in a return.
 */
import { describe, expect, it } from 'vitest';
import { seccompProgram, seccompSupported } from '../../../src/services/sandbox/seccomp.js';

interface Insn {
  code: number;
  jt: number;
  jf: number;
  k: number;
}

function decode(buf: Buffer): Insn[] {
  const out: Insn[] = [];
  for (let o = 0; o < buf.length; o += 8) out.push({ code: buf.readUInt16LE(o), jt: buf[o + 2]!, jf: buf[o + 3]!, k: buf.readUInt32LE(o + 4) });
  return out;
}

describe('seccomp program', () => {
  for (const arch of ['x64', 'arm64']) {
    it(`is a well-formed filter for ${arch}, with and without the netlink-only socket rule`, () => {
      for (const netlinkOnly of [false, true]) {
        const prog = decode(seccompProgram({ netlinkOnly }, arch)!);
        // Load the arch, compare with this arch's audit value, kill otherwise.
        expect(prog[0]).toEqual({ code: 0x20, jt: 0, jf: 0, k: 4 });
        expect(prog[1]!.code).toBe(0x15);
        expect(prog[2]).toEqual({ code: 0x06, jt: 0, jf: 0, k: 0x80000000 });
        expect(prog.at(-1)).toEqual({ code: 0x06, jt: 0, jf: 0, k: 0x7fff0000 });
        prog.forEach((insn, i) => {
          if ((insn.code & 0x07) === 0x05) {
            expect(i + 1 + insn.jt, `jt of ${i}`).toBeLessThan(prog.length);
            expect(i + 1 + insn.jf, `jf of ${i}`).toBeLessThan(prog.length);
          }
        });
        expect(prog.length).toBeLessThan(4096);
      }
    });
  }

  it('has no program for an architecture without a syscall table (the run keeps its other protections)', () => {
    expect(seccompProgram({}, 'riscv64')).toBeUndefined();
    expect(seccompSupported('riscv64')).toBe(false);
    expect(seccompSupported('x64')).toBe(true);
  });
});
