// Runs one command in the real bubblewrap backend, below the validator ("whatever the verdict"),
// as whichever user starts this script: the containment tests start it as root and, through
// setpriv, as an ordinary user. Reads a RunSpec as JSON from argv[2]; prints the outcome and this
// process's pid (its cgroups are named cloudya-PID-N) as one JSON document.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/src/services/sandbox');
const { runWithLimits } = await import(path.join(dist, 'runner.js'));
const { bubblewrap } = await import(path.join(dist, 'bubblewrap.js'));
const spec = JSON.parse(process.argv[2]);
const outcome = await runWithLimits(bubblewrap, spec);
process.stdout.write(JSON.stringify({ pid: process.pid, uid: process.getuid(), ...outcome }));
