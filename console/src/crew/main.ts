import { mount } from 'svelte';
import CrewApp from './CrewApp.svelte';
import { i18n } from '../lib/i18n/locale.svelte.ts';
import './crew.css';

/** Must match CACHE in public/crew-sw.js. */
const SHELL_CACHE = 'vatio-crew-shell-v1';

const target = document.getElementById('app');
if (!target) throw new Error('#app missing from crew.html');
document.documentElement.lang = i18n.locale;
mount(CrewApp, { target });

// The app shell must open without signal (crews work in basements and on the outskirts).
// Scope /crew: the dispatcher console at / stays out of this worker's hands.
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register('/crew-sw.js', { scope: '/crew' }).catch(() => undefined);
  // On the first visit the page loaded its modules before the worker existed; hand it every
  // bundle the page actually used (lazy chunks included), so the next start works offline.
  void navigator.serviceWorker.ready
    .then(async () => {
      const used = performance
        .getEntriesByType('resource')
        .map((e) => new URL(e.name))
        .filter((u) => u.origin === location.origin && u.pathname.startsWith('/assets/'))
        .map((u) => u.pathname);
      const cache = await caches.open(SHELL_CACHE);
      await Promise.all(used.map(async (u) => (await cache.match(u)) ?? cache.add(u)));
    })
    .catch(() => undefined);
}
