import { parseRoute, type Route } from './routes.ts';

export { routes, parseRoute, type Route } from './routes.ts';

const state = $state<{ route: Route }>({ route: parseRoute(globalThis.location?.hash ?? '') });

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    state.route = parseRoute(window.location.hash);
  });
}

export const router = {
  get route(): Route {
    return state.route;
  },
  href(route: Route): string {
    return `#/${route}`;
  },
};
