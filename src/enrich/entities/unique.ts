/** Most posts hold a handful of mentions, tags or names: a linear search beats building a Set. */
const LINEAR_MAX = 16;

/**
 * Values in first-added order, none added twice for the same key (an empty value is never added).
 * Keys are searched linearly while there are few, then through a Set.
 */
export class UniqueList {
  readonly values: string[] = [];
  private readonly keys: string[] = [];
  private seen: Set<string> | null = null;

  add(value: string, key: string): void {
    if (!value) return;
    if (this.seen === null) {
      const keys = this.keys;
      for (let k = 0; k < keys.length; k++) if (keys[k] === key) return;
      keys.push(key);
      if (keys.length > LINEAR_MAX) this.seen = new Set(keys);
    } else {
      if (this.seen.has(key)) return;
      this.seen.add(key);
    }
    this.values.push(value);
  }
}
