/** Registers `n` crews/vehicles/devices through the HTTP API (8 at a time) and returns their secrets. */
export async function registerFleet(opts: {
  baseUrl: string;
  token: string;
  n: number;
  prefix: string;
  onProgress?: (done: number) => void;
}): Promise<{ deviceId: string; vehicleId: string; secret: string }[]> {
  const out: { deviceId: string; vehicleId: string; secret: string }[] = new Array(opts.n);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${opts.token}` };
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${opts.baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (r.status !== 201) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as { secret?: string };
  };
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= opts.n) return;
      const id = `${opts.prefix}${String(i).padStart(5, '0')}`;
      await post('/api/v1/crews', { id: `c${id}`, name: `Cuadrilla ${i}` });
      await post('/api/v1/vehicles', { id: `v${id}`, label: `Móvil ${i}`, crewId: `c${id}` });
      const d = await post('/api/v1/devices', { id: `d${id}`, protocol: 'vatio', vehicleId: `v${id}` });
      out[i] = { deviceId: `d${id}`, vehicleId: `v${id}`, secret: d.secret ?? '' };
      done++;
      if (done % 200 === 0) opts.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return out;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}
