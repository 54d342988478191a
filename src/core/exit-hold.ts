/**
 * Work that is winding down child processes after a signal (Terraform saving its state, Ansible
 * finishing a task) registers here, so the CLI's forced exit waits for it instead of cutting it off
 * and leaving a half-written record behind. Each holder bounds its own time (its SIGKILL escalation).
 */
const held = new Set<Promise<unknown>>();
let lastRelease = 0;

/** Keeps the process from being force-exited after a signal until `work` settles; returns `work`. */
export function holdExit<T>(work: Promise<T>): Promise<T> {
  held.add(work);
  const release = () => {
    held.delete(work);
    lastRelease = Date.now();
  };
  work.then(release, release);
  return work;
}

/** Whether some work is still winding down. */
export function exitHeld(): boolean {
  return held.size > 0;
}

/** Milliseconds since the last held work settled (Infinity if none ever did): the records saying so may still be being written. */
export function msSinceExitHeldReleased(): number {
  return lastRelease ? Date.now() - lastRelease : Infinity;
}
