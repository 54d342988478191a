/** Starts the API on a port and stops it gracefully (in-flight requests finish, then storage closes). */
import type { DestinationStream } from 'pino';
import { buildApp, type BuiltApp } from './app.js';
import type { ServerOptions } from './options.js';

export interface RunningServer extends BuiltApp {
  /** The address actually bound ("http://127.0.0.1:8000"). */
  url: string;
  stop(): Promise<void>;
}

/** Builds the app and listens; refuses clearly when the port is taken. */
export async function startServer(options: ServerOptions, env: NodeJS.ProcessEnv, logStream?: DestinationStream): Promise<RunningServer> {
  const built = await buildApp({ options, env, logStream });
  try {
    const address = await built.app.listen({ host: options.host, port: options.port });
    return { ...built, url: address, stop: () => built.app.close() };
  } catch (err) {
    await built.app.close();
    throw err;
  }
}
