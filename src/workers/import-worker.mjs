// A worker thread starts without the TypeScript loader of the thread that made it.
import { register } from 'tsx/esm/api';

register();
await import('./import-worker.ts');
