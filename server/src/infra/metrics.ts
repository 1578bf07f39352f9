/**
 * A small Prometheus text-format registry: counters with labels and gauges read at scrape time.
 * (Exposition format 0.0.4: `name{label="v"} value`.)
 */
type Labels = Record<string, string>;

const key = (labels: Labels) =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}="${String(labels[k]).replace(/["\\\n]/g, '_')}"`)
    .join(',');

export class Counter {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels = {}, by = 1): void {
    const k = key(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  /** A pre-keyed incrementer for hot paths (no label formatting per call). */
  bound(labels: Labels): (by?: number) => void {
    const k = key(labels);
    return (by = 1) => {
      this.values.set(k, (this.values.get(k) ?? 0) + by);
    };
  }

  get(labels: Labels = {}): number {
    return this.values.get(key(labels)) ?? 0;
  }
  total(): number {
    let t = 0;
    for (const v of this.values.values()) t += v;
    return t;
  }
  entries(): [Labels, number][] {
    return [...this.values.entries()].map(([k, v]) => [
      Object.fromEntries(
        k
          .split(',')
          .filter(Boolean)
          .map((p) => {
            const [a, b] = p.split('=');
            return [a ?? '', (b ?? '').slice(1, -1)];
          }),
      ),
      v,
    ]);
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    if (this.values.size === 0) lines.push(`${this.name} 0`);
    for (const [k, v] of this.values) lines.push(k ? `${this.name}{${k}} ${v}` : `${this.name} ${v}`);
    return lines.join('\n');
  }
}

export class Metrics {
  private readonly counters = new Map<string, Counter>();
  private readonly gauges = new Map<string, { help: string; read: () => number }>();

  counter(name: string, help: string): Counter {
    let c = this.counters.get(name);
    if (!c) {
      c = new Counter(name, help);
      this.counters.set(name, c);
    }
    return c;
  }

  gauge(name: string, help: string, read: () => number): void {
    this.gauges.set(name, { help, read });
  }

  render(): string {
    const parts = [...this.counters.values()].map((c) => c.render());
    for (const [name, g] of this.gauges) {
      parts.push(`# HELP ${name} ${g.help}\n# TYPE ${name} gauge\n${name} ${g.read()}`);
    }
    return parts.join('\n') + '\n';
  }
}
