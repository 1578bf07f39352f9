/** Day-plan routing engine (VRPTW): the public surface. */
export { solveVrptw } from './solver.ts';
export { parseSolomon, solomonProblem, solomonDistance, SolomonParseError } from './solomon.reader.ts';
export type { SolomonInstance, SolomonCustomer } from './solomon.reader.ts';
export { checkSolomonSolution } from './solomon.checker.ts';
export type { SolomonCheck } from './solomon.checker.ts';
export { checkPlan } from './plan.checker.ts';
export type { PlanCheck } from './plan.checker.ts';
export { createRng } from './prng.ts';
export type * from './vrptw.types.ts';
