/** `--name N` from the command line, checked; the default when absent. */
export function numberOption(name: string, def: number, opts: { integer?: boolean; min?: number } = {}): number {
  const argv = process.argv.slice(2);
  const i = argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(argv[i + 1]) : def;
  const min = opts.min ?? 1;
  if (!Number.isFinite(v) || v < min || (opts.integer !== false && !Number.isInteger(v))) {
    console.error(`--${name} must be ${opts.integer !== false ? 'an integer' : 'a number'} ≥ ${min}`);
    process.exit(2);
  }
  return v;
}
