// Entry of every worker thread: registers tsx so the worker can load the TypeScript module named
// in workerData.__entry (the server runs from source; `--import tsx` in a Worker's execArgv is not
// honoured by Node 20's module hooks, registering from inside the worker is).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.__entry);
