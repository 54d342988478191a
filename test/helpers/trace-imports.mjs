// Loaded with `node --import`: records every module URL the process resolves into $CLOUDYA_TRACE_FILE.
import { register } from 'node:module';

register('./trace-hooks.mjs', import.meta.url);
