/** Accounts service (public API): users, passwords, refresh and API tokens, signing keys, security events. */
export { registerAccount, authenticate, getAccount, accountIdByEmail, normaliseEmail, type Account } from './accounts.js';
export { ServiceError, type ServiceErrorCode } from './errors.js';
export { recordEvent, listEvents, type SecurityEvent } from './events.js';
export { KeyRing, rotateKeys, ACCESS_TTL_SECONDS, JWT_ALG, type JwtSettings } from './keys.js';
export { keyCipher, missingCipher, isSealed, KeySecretError, type KeyCipher } from './key-cipher.js';
export { issueRefreshToken, rotateRefreshToken, revokeRefreshToken, revokeFamily, REFRESH_TTL_MS } from './refresh.js';
export { createApiToken, accountForApiToken, listApiTokens, revokeApiToken, type ApiTokenInfo } from './api-tokens.js';
export { API_TOKEN_PREFIX, REFRESH_TOKEN_PREFIX, tokenHash } from './secrets.js';
export type { Database, Db } from './schema.js';
export { isAdmin, setRole, listAdmins, type Role } from './roles.js';
