export { startSimulator, simulatorOptions, type RunningSimulator, type SimulatorOptions, type SimulatorStats } from './simulator.ts';
export { login, FleetApi, ApiError } from './fleet-api.ts';
export type { SimulatorLogger } from './logger.ts';
