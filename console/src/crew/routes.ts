/** `#/` the list, `#/o/<id>` an order, `#/o/<id>/complete` its completion form, `#/turnos` my shifts. */
export type CrewRoute = { view: 'list' } | { view: 'shifts' } | { view: 'order'; id: string } | { view: 'complete'; id: string };

export function parseRoute(hash: string): CrewRoute {
  if (hash === '#/turnos') return { view: 'shifts' };
  const m = /^#\/o\/([^/]+)(\/complete)?$/.exec(hash);
  if (!m?.[1]) return { view: 'list' };
  const id = decodeURIComponent(m[1]);
  return m[2] ? { view: 'complete', id } : { view: 'order', id };
}

export function hrefOf(r: CrewRoute): string {
  if (r.view === 'shifts') return '#/turnos';
  return r.view === 'list' ? '#/' : `#/o/${encodeURIComponent(r.id)}${r.view === 'complete' ? '/complete' : ''}`;
}
