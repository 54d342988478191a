/** The one interface every provider module implements: what to ask, how to prove it, what Terraform gets. */
import type { Text } from '../../core/i18n.js';

export const PROVIDER_IDS = ['aws', 'gcp', 'azure', 'openstack', 'proxmox', 'vmware', 'nutanix'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** One value a connection needs. Secrets are never taken as a flag value (it would show in `ps`). */
export interface FieldSpec {
  /** Key in credentials.yaml. */
  key: string;
  /** Command-line flag (without --); absent for secrets. */
  flag?: string;
  /** Environment variables read when the flag is not given, in order. */
  env?: readonly string[];
  label: Text;
  default?: string;
  /** Not required to connect. */
  optional?: boolean;
  /** A secret: stored either as `key` (the value, file mode 0600) or `${key}_env` (the NAME of a variable holding it). */
  secret?: boolean;
  /** For a secret: the variable name the prompt offers by default. */
  defaultEnv?: string;
  /** Only asked when this returns true for the values so far. */
  when?: (values: Record<string, string>) => boolean;
}

/** TLS and timing for one verification. */
export interface TransportOptions {
  /** PEM text of the CA bundle to trust (in addition to nothing else: private CAs). */
  ca?: string;
  caFile?: string;
  insecure: boolean;
  timeoutMs: number;
  /** Ctrl+C: stops the request in flight. */
  signal?: AbortSignal;
}

/** Who the provider says we are. Values are shown to the user; never secrets. */
export type Identity = Record<string, string | number | string[]>;

/** What verify() receives: the stored values, the resolved secret, the environment and transport. */
export interface VerifyInput {
  values: Record<string, string>;
  secret?: string;
  env: NodeJS.ProcessEnv;
  transport: TransportOptions;
  signal?: AbortSignal;
}

export interface ProviderModule {
  id: ProviderId;
  name: string;
  fields: readonly FieldSpec[];
  /** Whether on-premise TLS options (CA bundle, --insecure) apply. */
  tls: boolean;
  /** The endpoint or region shown in `connect list`. */
  where(values: Record<string, string>): string;
  /** Proves the connection with a real API call; throws ProviderError on failure. */
  verify(input: VerifyInput): Promise<Identity>;
  /** Terraform's environment for this connection (the secret resolved at run time, never written to disk). */
  terraformEnv(values: Record<string, string>, secret: string | undefined, env: NodeJS.ProcessEnv): Record<string, string>;
  /** Credentials usable without `cloudya connect` (the provider's own sources: env variables, files). */
  ambient?(env: NodeJS.ProcessEnv): boolean;
}
