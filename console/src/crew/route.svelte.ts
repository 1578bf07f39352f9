import { hrefOf, parseRoute, type CrewRoute } from './routes.ts';

const state = $state<{ route: CrewRoute }>({ route: parseRoute(typeof location === 'undefined' ? '' : location.hash) });
if (typeof window !== 'undefined') window.addEventListener('hashchange', () => (state.route = parseRoute(location.hash)));

export const router = {
  get route(): CrewRoute {
    return state.route;
  },
  go(r: CrewRoute): void {
    location.hash = hrefOf(r);
  },
};
