/**
 * WebAssembly tiering. The shell parser (tree-sitter-bash) and the HCL reader (@cdktf/hcl2json) run WebAssembly
 * modules that parse a line or a file in milliseconds with V8's baseline compiler, but V8 also compiles each
 * module with its optimising compiler in the background, and the process waits for that before exiting:
 * 0.6-1.2 s of wall time for `cloudya validate "..."`, against 0.17 s with the baseline compiler alone
 * (measured on 2 cores). Set just before the first module compiles, so commands that run no WebAssembly
 * (`ask` with remembered verdicts, `deploy list` from its cache) do not load node:v8 for it (~4 ms of start-up).
 */
let done: Promise<void> | undefined;

/** Makes V8 compile WebAssembly with its baseline compiler only, once per process. */
export function baselineWasmOnly(): Promise<void> {
  done ??= import('node:v8').then(
    (v8) => {
      try {
        v8.setFlagsFromString('--liftoff-only');
      } catch {
        // a V8 without this flag: default wasm tiering
      }
    },
    () => undefined,
  );
  return done;
}
