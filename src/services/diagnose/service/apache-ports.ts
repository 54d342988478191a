/**
 * The TCP ports Apache is configured to serve, read the way Apache reads them: the files it
 * includes come from its own `-t -D DUMP_INCLUDES` (globs, ServerRoot and Include already
 * resolved), the loaded modules from `-D DUMP_MODULES`, and each file's `Listen` and
 * `<VirtualHost addr:port>` lines count only inside the `<IfModule>`/`<IfDefine>` sections that
 * apply (Debian's ports.conf keeps `Listen 443` inside `<IfModule ssl_module>`).
 */
import { readText } from '../host/files.js';

/** Files Apache read, in order ("  (*) /etc/apache2/apache2.conf", "    (146) /etc/apache2/mods-enabled/dir.load"). */
export function apacheIncludedFiles(dump: string): string[] {
  return [...dump.matchAll(/^\s+\((?:\*|\d+)\)\s+(\/\S.*?)\s*$/gm)].map((m) => m[1]);
}

/** Loaded module names (" ssl_module (shared)", " core_module (static)"). */
export function apacheModules(dump: string): Set<string> {
  return new Set([...dump.matchAll(/^\s+(\w+_module)\s+\((?:static|shared)\)\s*$/gm)].map((m) => m[1]));
}

/** A module named either way Apache accepts in <IfModule>: its identifier ("ssl_module") or its source file ("mod_ssl.c"). */
function moduleId(name: string): string {
  const src = /^mod_(\w+)\.c$/.exec(name);
  return src ? `${src[1]}_module` : name;
}

/** The port of a Listen or VirtualHost address ("80", "127.0.0.1:8080", "[::]:443"), or undefined ("*", "_default_"). */
function addressPort(addr: string): number | undefined {
  const m = /(?:^|:)(\d{1,5})$/.exec(addr);
  const port = m ? Number(m[1]) : NaN;
  return port >= 1 && port <= 65535 ? port : undefined;
}

export interface ApachePorts {
  listen: number[];
  virtualHosts: number[];
  /** Files holding at least one of those lines. */
  files: string[];
}

/**
 * Listen and VirtualHost ports in the given files (in Apache's read order), counting only the
 * sections whose condition holds; `defines` grows with each `Define` met, as in Apache.
 */
export function apachePorts(files: readonly { path: string; text: string }[], modules: ReadonlySet<string>, defines: Set<string> = new Set()): ApachePorts {
  const listen = new Set<number>();
  const virtualHosts = new Set<number>();
  const where = new Set<string>();
  for (const { path, text } of files) {
    // One stack per file: Apache requires sections to close in the file that opens them.
    const active: boolean[] = [];
    const on = () => active.every(Boolean);
    for (const raw of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
      const line = raw.trim();
      if (!line || line.startsWith('#')) continue;
      const open = /^<(IfModule|IfDefine)\s+(!?)\s*([^>\s]+)\s*>$/i.exec(line);
      if (open) {
        const name = open[3].replace(/^"|"$/g, '');
        const holds = open[1].toLowerCase() === 'ifmodule' ? modules.has(moduleId(name)) : defines.has(name);
        active.push(open[2] ? !holds : holds);
        continue;
      }
      if (/^<\/(IfModule|IfDefine)\s*>$/i.test(line)) {
        active.pop();
        continue;
      }
      if (!on()) continue;
      const define = /^Define\s+(\S+)/i.exec(line);
      if (define) defines.add(define[1]);
      const l = /^Listen\s+(\S+)/i.exec(line);
      const port = l ? addressPort(l[1]) : undefined;
      if (port) {
        listen.add(port);
        where.add(path);
      }
      const vh = /^<VirtualHost\s+([^>]+)>/i.exec(line);
      for (const addr of vh ? vh[1].trim().split(/\s+/) : []) {
        const p = addressPort(addr.replace(/^"|"$/g, ''));
        if (p) {
          virtualHosts.add(p);
          where.add(path);
        }
      }
    }
  }
  const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);
  return { listen: sorted(listen), virtualHosts: sorted(virtualHosts), files: [...where] };
}

/** Ports from the output of `apachectl -t -D DUMP_INCLUDES -D DUMP_MODULES`, reading the listed files. */
export function apacheDumpPorts(dump: string, read: (file: string) => string | undefined = readText): { ports: number[]; source: string } | undefined {
  const files = apacheIncludedFiles(dump).map((path) => ({ path, text: read(path) ?? '' }));
  if (!files.length) return undefined;
  const found = apachePorts(files, apacheModules(dump));
  const ports = [...new Set([...found.listen, ...found.virtualHosts])].sort((a, b) => a - b);
  return ports.length ? { ports, source: `Listen/VirtualHost in ${found.files.join(', ')}` } : undefined;
}
