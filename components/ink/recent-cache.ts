/**
 * A cache that keeps what was used lately and forgets the rest: entries live in a young and an old
 * generation; when the young one reaches its weight limit it becomes the old one and the previous old
 * one is dropped. An entry read from the old generation moves back to the young one, so what every
 * frame uses stays cached for as long as the program runs while memory stays bounded.
 */
export class RecentCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private weight = 0;

  constructor(
    private readonly limit: number,
    private readonly weigh: (key: K, value: V) => number = () => 1,
  ) {}

  /** The cached value, or undefined. */
  get(key: K): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  /** Caches a value (rotating the generations when the young one is full). */
  set(key: K, value: V): void {
    const w = this.weigh(key, value);
    if (this.weight + w > this.limit && this.young.size > 0) {
      this.old = this.young;
      this.young = new Map();
      this.weight = 0;
    }
    this.young.set(key, value);
    this.weight += w;
  }
}
