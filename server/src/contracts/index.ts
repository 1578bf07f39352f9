export * from './common.ts';
export * from './vehicles.ts';
export * from './fix.ts';
export * from './ws.ts';
export * from './auth.ts';
export * from './field.ts';
export * from './shifts.ts';
export * from './day-plan.ts';
