/** Failures of the account and ledger services, by stable code; the server maps codes to HTTP statuses. */
export type ServiceErrorCode =
  | 'invalid_input'
  | 'email_taken'
  | 'invalid_credentials'
  | 'invalid_token'
  | 'token_reused'
  | 'insufficient_tokens'
  | 'not_found'
  | 'account_disabled';

/** A refusal the client can act on (never carries a secret). */
export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}
