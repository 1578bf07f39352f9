import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
// `VATIO_URL=http://localhost:9090 npm run dev:console` when the server runs elsewhere
const backend = process.env['VATIO_URL'] ?? 'http://localhost:8080';

// The server serves console/dist as static files and falls back to index.html (hash routes).
export default defineConfig({
  root: here('.'),
  publicDir: here('./public'),
  plugins: [svelte()],
  resolve: {
    alias: { '@contracts': here('../server/src/contracts/index.ts') },
  },
  server: {
    proxy: {
      '/api': backend,
      '/healthz': backend,
      '/ws': { target: backend, ws: true },
    },
  },
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    sourcemap: false,
    // maplibre-gl and deck.gl are large by nature; they load only after sign-in (dynamic import)
    // and sit in their own chunks so a console release does not invalidate them in caches.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // the dispatcher console and the crew mobile app (a PWA with its own small bundle)
      input: { main: here('./index.html'), crew: here('./crew.html') },
      output: {
        // maplibre's worker is copied as an asset; name it .js so any static server (ours maps
        // .js, not .mjs) sends a JavaScript MIME type, which module workers require.
        assetFileNames: (asset) =>
          asset.names.some((n) => n.endsWith('.mjs')) ? 'assets/[name]-[hash].js' : 'assets/[name]-[hash][extname]',
        codeSplitting: {
          groups: [
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl/ },
            { name: 'deckgl', test: /node_modules[\\/](@deck\.gl|@luma\.gl|@math\.gl|@loaders\.gl|@probe\.gl|mjolnir\.js)/ },
          ],
        },
      },
    },
  },
});
