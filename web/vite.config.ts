import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The browser app: built into web/dist, which `coterm start` serves (no CDN: it works offline on a LAN). */
export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' } },
});
