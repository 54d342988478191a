/**
 * Personal API tokens recently found live, so a busy token is not looked up (hash + query) on every
 * request. Bounded (least recently used out first) and short-lived: a token revoked through this
 * instance is forgotten at once; one revoked through another instance is refused here within the TTL.
 */

/** How long a live token is trusted without asking the database again. */
export const API_TOKEN_CACHE_MS = 5_000;

interface Entry {
  id: string;
  accountId: string;
  at: number;
}

/** The cache, keyed by the token's hash (the token itself is never kept). */
export class ApiTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = API_TOKEN_CACHE_MS,
    private readonly max = 10_000,
  ) {}

  /** The account of a token found live less than the TTL ago. */
  get(hash: string, now = Date.now()): string | undefined {
    const e = this.entries.get(hash);
    if (!e) return undefined;
    this.entries.delete(hash);
    if (now - e.at >= this.ttlMs) return undefined;
    this.entries.set(hash, e);
    return e.accountId;
  }

  set(hash: string, entry: Entry): void {
    this.entries.delete(hash);
    this.entries.set(hash, entry);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Forgets a token by its id (revoked here). */
  forget(id: string): void {
    for (const [hash, e] of this.entries) if (e.id === id) this.entries.delete(hash);
  }
}
