// Crew app service worker: keeps the app shell (crew.html, its hashed JS/CSS, manifest, icons)
// so the app opens without signal. The API and the WebSocket are never cached: orders come from
// the app's own offline copy and actions from its IndexedDB queue.
const CACHE = 'vatio-crew-shell-v1';
const SHELL = ['/crew.html', '/crew.webmanifest', '/crew-icon.svg', '/crew-icon-192.png', '/crew-icon-512.png'];

/** The hashed bundles crew.html points at (Vite names change every release). */
async function shellAssets(html) {
  const urls = new Set();
  for (const m of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) urls.add(m[1]);
  return [...urls];
}

async function precache() {
  const cache = await caches.open(CACHE);
  const res = await fetch('/crew.html', { cache: 'no-cache' });
  if (!res.ok) throw new Error(`crew.html: ${res.status}`);
  const html = await res.clone().text();
  await cache.put('/crew.html', res);
  const rest = [...SHELL.slice(1), ...(await shellAssets(html))];
  await Promise.all(rest.map((u) => cache.add(u).catch(() => undefined)));
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('vatio-crew-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/ws' || url.pathname.startsWith('/ingest/')) return;

  if (req.mode === 'navigate' || url.pathname === '/crew.html') {
    // network first: a new release shows at once when there is signal; the cached shell otherwise
    event.respondWith(
      fetch(req)
        .then(async (res) => {
          if (res.ok) {
            const cache = await caches.open(CACHE);
            await cache.put('/crew.html', res.clone());
            const html = await res.clone().text();
            await Promise.all((await shellAssets(html)).map((u) => cache.match(u).then((hit) => hit || cache.add(u).catch(() => undefined))));
          }
          return res;
        })
        .catch(async () => (await caches.match('/crew.html')) || Response.error()),
    );
    return;
  }

  if (url.pathname.startsWith('/assets/') || SHELL.includes(url.pathname)) {
    // hashed names never change content: cache first
    event.respondWith(
      caches.match(req).then(
        (hit) =>
          hit ||
          fetch(req).then(async (res) => {
            if (res.ok) await (await caches.open(CACHE)).put(req, res.clone());
            return res;
          }),
      ),
    );
  }
});
