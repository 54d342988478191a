/** JSON schemas of the API (validation, fast serialisation and the OpenAPI document come from these). */
import { ERROR_SCHEMA } from './errors.js';

const str = (extra: Record<string, unknown> = {}) => ({ type: 'string', ...extra });
const int = { type: 'integer' } as const;
const nullableInt = { type: ['integer', 'null'] } as const;

/** A quota alert: the period's usage reached `percent` of its allowance. */
export const QUOTA_ALERT = {
  type: 'object',
  properties: { kind: str(), percent: int, used: int, allowance: int, period_start: str({ format: 'date-time' }) },
  required: ['kind', 'percent', 'used', 'allowance', 'period_start'],
} as const;

/** The allowance period: what it started with, what answers used, and the highest alert raised in it. */
export const QUOTA = {
  type: 'object',
  properties: { period_start: { type: ['string', 'null'] }, allowance: int, used: int, percent: int, alert: { anyOf: [QUOTA_ALERT, { type: 'null' }] } },
  required: ['period_start', 'allowance', 'used', 'percent', 'alert'],
} as const;

export const ACCOUNT = {
  type: 'object',
  properties: {
    id: str(),
    email: str(),
    name: str(),
    plan: str(),
    balance: int,
    created_at: str({ format: 'date-time' }),
    anomaly_flag: { type: 'boolean' },
    used_this_month: int,
    quota: QUOTA,
  },
  required: ['id', 'email', 'name', 'plan', 'balance', 'created_at'],
} as const;

export const SESSION = {
  type: 'object',
  properties: {
    account: ACCOUNT,
    access_token: str(),
    token_type: str(),
    expires_in: int,
    refresh_token: str(),
    refresh_expires_in: int,
  },
  required: ['access_token', 'token_type', 'expires_in', 'refresh_token'],
} as const;

export const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, ERROR_SCHEMA]));

export const REGISTER_BODY = {
  type: 'object',
  properties: { email: str({ minLength: 3, maxLength: 320 }), name: str({ minLength: 1, maxLength: 200 }), password: str({ minLength: 8, maxLength: 256 }) },
  required: ['email', 'name', 'password'],
  additionalProperties: false,
} as const;

export const LOGIN_BODY = {
  type: 'object',
  properties: { email: str({ minLength: 1, maxLength: 320 }), password: str({ minLength: 1, maxLength: 256 }) },
  required: ['email', 'password'],
  additionalProperties: false,
} as const;

export const REFRESH_BODY = {
  type: 'object',
  properties: { refresh_token: str({ minLength: 1, maxLength: 200 }) },
  required: ['refresh_token'],
  additionalProperties: false,
} as const;

export const COMMAND_BODY = {
  type: 'object',
  properties: {
    user_input: str({ minLength: 1, maxLength: 4000 }),
    execution_mode: { type: 'string', enum: ['dry_run', 'supervised'] },
    language: { type: 'string', enum: ['en', 'fr'] },
  },
  required: ['user_input', 'execution_mode'],
  additionalProperties: false,
} as const;

export const TOKEN_USAGE = {
  type: 'object',
  properties: { prompt_tokens: int, completion_tokens: int, total_tokens: int, remaining_balance: int },
  required: ['prompt_tokens', 'completion_tokens', 'total_tokens', 'remaining_balance'],
} as const;

export const COMMAND_RESPONSE = {
  type: 'object',
  properties: {
    action: str(),
    explanation: str(),
    commands: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          command: str(),
          description: str(),
          verdict: { type: 'string', enum: ['allow', 'confirm', 'deny'] },
          reasons: { type: 'array', items: { type: 'object', properties: { rule: str(), verdict: str(), message: str(), part: str() }, required: ['rule', 'verdict', 'message'] } },
        },
        required: ['command', 'verdict', 'reasons'],
      },
    },
    risks: { type: 'array', items: str() },
    sources: { type: 'array', items: str() },
    output: str(),
    execution_status: { type: 'string', enum: ['dry_run', 'awaiting_confirmation'] },
    engine: str(),
    token_usage: TOKEN_USAGE,
    // Present only on the answer whose debit reached 80% / 100% of the period's allowance (once per period).
    quota_alert: QUOTA_ALERT,
  },
  required: ['action', 'explanation', 'commands', 'output', 'execution_status', 'token_usage'],
} as const;

export const TOKENS_INFO = {
  type: 'object',
  properties: { balance: int, plan: str(), used_this_month: int, monthly_allowance: int, quota: QUOTA },
  required: ['balance', 'plan', 'used_this_month'],
} as const;

export const USAGE_QUERY = {
  type: 'object',
  properties: { days: { type: 'integer', minimum: 1, maximum: 366, default: 30 } },
  additionalProperties: false,
} as const;

export const USAGE = {
  type: 'object',
  properties: {
    days: int,
    total_tokens: int,
    by_day: { type: 'array', items: { type: 'object', properties: { date: str(), kind: str(), tokens: int, requests: int }, required: ['date', 'kind', 'tokens', 'requests'] } },
  },
  required: ['days', 'total_tokens', 'by_day'],
} as const;

export const API_TOKEN = {
  type: 'object',
  properties: { id: str(), name: str(), prefix: str(), created_at: str({ format: 'date-time' }), last_used_at: { type: ['string', 'null'] }, token: str() },
  required: ['id', 'name', 'prefix', 'created_at'],
} as const;

export const API_TOKEN_BODY = {
  type: 'object',
  properties: { name: str({ minLength: 1, maxLength: 100 }) },
  required: ['name'],
  additionalProperties: false,
} as const;

export const HEALTH = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['ok', 'degraded'] }, version: str(), database: str(), dialect: str(), redis: str() },
  required: ['status', 'version', 'database', 'redis'],
} as const;

export { nullableInt };
