// Solves a day plan in a worker thread (runWorker): the VRPTW search is CPU-bound for seconds
// and must not hold up GPS ingest, HTTP or WebSockets. Posts one message: the plan and the
// independent checker's verdict on it.
import { parentPort, workerData } from 'node:worker_threads';
import { checkPlan, solveVrptw, type VrptwPlan, type VrptwProblem, type VrptwSolveOptions } from '../../../../optimizer/src/vrptw/index.ts';

export interface DayPlanWorkerInput {
  problem: VrptwProblem;
  options: VrptwSolveOptions;
}

export interface DayPlanWorkerOutput {
  type: 'plan';
  plan: VrptwPlan;
  feasible: boolean;
  errors: readonly string[];
}

const { problem, options } = (workerData as { input: DayPlanWorkerInput }).input;
const plan = solveVrptw(problem, options);
const check = checkPlan(problem, plan);
parentPort?.postMessage({ type: 'plan', plan, feasible: check.feasible, errors: check.errors.slice(0, 20) } satisfies DayPlanWorkerOutput);
