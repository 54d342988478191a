/** Shapes shared by the template catalog, parameter checks and the runner. */

/** A parameter's value type, from the variable's `type` (anything complex is `any`). */
export type ParamType = 'string' | 'number' | 'bool' | 'list' | 'map' | 'any';

export type ParamValue = string | number | boolean | unknown[] | Record<string, unknown> | null;

/** One validation block of variables.tf, with what Cloudya could understand of it. */
export interface ParamRule {
  condition: string;
  message: string;
}

/** A template parameter: manifest.yaml and variables.tf merged. */
export interface TemplateParam {
  name: string;
  description: string;
  type: ParamType;
  /** Terraform's own spelling of the type ("list(string)"). */
  typeExpr: string;
  default?: ParamValue;
  required: boolean;
  sensitive: boolean;
  /** Allowed values when a validation block is a `contains([...], var.x)`. */
  choices?: string[];
  /** "cidr" when a validation block checks cidrhost(). */
  format?: 'cidr';
  rules: ParamRule[];
  /** Listed in manifest.yaml but not declared in variables.tf: Terraform would ignore a value for it. */
  undeclared?: true;
}

export type TemplateSource = 'builtin' | 'user';

/** Which outputs of a template give the SSH connection to the host it creates (manifest.yaml or a stack manifest's `connection:`). */
export interface HostConnection {
  /** Output holding the host's address. */
  host_output: string;
  /** Output holding the user, or an ssh_command ("ssh ... user@host") to take it from. */
  user_output?: string;
  /** Output holding the SSH port. */
  port_output?: string;
  /** Output holding the private key path. */
  key_output?: string;
  /** Fallbacks when the outputs do not say. */
  user?: string;
  port?: number;
  /** Private key path; {placeholders} are infrastructure parameters ("~/.ssh/{key_name}.pem"). */
  key?: string;
}

/** A Terraform template as the catalog knows it. */
export interface TemplateInfo {
  /** "<provider>/<name>", e.g. "aws/vpc". */
  id: string;
  name: string;
  provider: string;
  description: string;
  platforms: string[];
  dir: string;
  source: TemplateSource;
  /** The built-in template this user template hides, if any. */
  overrides?: string;
  parameters: TemplateParam[];
  /** Disagreements between manifest.yaml and variables.tf (reported by `deploy show`). */
  mismatches: string[];
  /** How to reach the host it creates over SSH, when its manifest says. */
  connection?: HostConnection;
}
