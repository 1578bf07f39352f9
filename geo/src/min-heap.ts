/** A binary min-heap of (key, value) pairs in growable typed arrays; duplicates allowed (lazy deletion). */
export class MinHeap {
  private keys = new Float64Array(1024);
  private values = new Uint32Array(1024);
  size = 0;

  clear(): void {
    this.size = 0;
  }

  push(key: number, value: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2);
      k.set(this.keys);
      this.keys = k;
      const v = new Uint32Array(this.size * 2);
      v.set(this.values);
      this.values = v;
    }
    let i = this.size++;
    const keys = this.keys;
    const values = this.values;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[i] = keys[parent]!;
      values[i] = values[parent]!;
      i = parent;
    }
    keys[i] = key;
    values[i] = value;
  }

  /** Key of the top element (undefined when empty). */
  peekKey(): number | undefined {
    return this.size > 0 ? this.keys[0] : undefined;
  }

  /** Removes the top element and returns its value; call only when `size > 0`. */
  pop(): number {
    const keys = this.keys;
    const values = this.values;
    const top = values[0]!;
    const last = --this.size;
    if (last > 0) {
      const key = keys[last]!;
      const value = values[last]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= last) break;
        if (c + 1 < last && keys[c + 1]! < keys[c]!) c++;
        if (keys[c]! >= key) break;
        keys[i] = keys[c]!;
        values[i] = values[c]!;
        i = c;
      }
      keys[i] = key;
      values[i] = value;
    }
    return top;
  }
}
