export { startSimulator, simulatorOptions, type RunningSimulator, type SimulatorOptions, type SimulatorStats } from './simulator.ts';
export { login, FleetApi, ApiError, registerFleet } from './fleet-api.ts';
export { planFleet, DEFAULT_PROTOCOL_MIX, type VehiclePlan, type ProtocolMix } from './fleet-plan.ts';
export { VehicleAgent } from './vehicle-agent.ts';
export { encodeFixes, vatioFixOf, vatioMessages, owntracksLocationOf, owntracksMessages, osmandParams, osmandRequests, MS_TO_KNOTS, type OutboundMessage, type DeviceIdentity } from './protocols.ts';
export type { Fix } from './gps-unit.ts';
export type { SimulatorLogger } from './logger.ts';
export { findReferenceDir, loadReferenceData, type ReferenceData } from './reference-data.ts';
export { startDemoWorkload, demoWorkloadOptions, type DemoWorkloadOptions, type RunningDemoWorkload, type DemoWorkloadStats } from './demo-workload.ts';
