/**
 * Hash routes (`#/map`): the server serves one index.html for every path, and hash routes keep
 * working when the console is opened from a file share or behind a prefix. Later screens add
 * an entry here and a component in App's route table.
 */
export const routes = ['map', 'dispatch', 'replay', 'planner', 'care', 'config'] as const;
export type Route = (typeof routes)[number];

function isRoute(name: string): name is Route {
  return (routes as readonly string[]).includes(name);
}

export function parseRoute(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return isRoute(name) ? name : 'map';
}
