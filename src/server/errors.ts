/** The API's error shape `{error:{code,message}}` and the mapping from service failures to HTTP statuses. */
import { ServiceError, type ServiceErrorCode } from '../services/accounts/errors.js';

/** An error the API answers with as is. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const STATUS: Record<ServiceErrorCode, number> = {
  invalid_input: 400,
  email_taken: 409,
  invalid_credentials: 401,
  invalid_token: 401,
  token_reused: 401,
  insufficient_tokens: 402,
  not_found: 404,
  account_disabled: 403,
};

/** The status, code and message to answer for any thrown value (internal details are never sent). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof ServiceError) return new ApiError(STATUS[err.code], err.code, err.message);
  const e = err as { statusCode?: number; code?: string; message?: string; validation?: unknown };
  if (e.validation) return new ApiError(400, 'invalid_request', e.message ?? 'invalid request');
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new ApiError(413, 'payload_too_large', 'request body is too large');
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new ApiError(415, 'unsupported_media_type', 'send JSON (Content-Type: application/json)');
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return new ApiError(e.statusCode, 'invalid_request', e.message ?? 'invalid request');
  return new ApiError(500, 'internal', 'internal server error');
}

/** JSON schema of an error body (for route response schemas and the OpenAPI document). */
export const ERROR_SCHEMA = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const;
