/** The slice of a pino logger the simulator uses; pass the server's logger, or get a console one. */
export interface SimulatorLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const consoleLogger: SimulatorLogger = {
  info: (obj, msg) => console.log(`[simulator] ${msg ?? ''}`, Object.keys(obj).length ? JSON.stringify(obj) : ''),
  warn: (obj, msg) => console.warn(`[simulator] ${msg ?? ''}`, Object.keys(obj).length ? JSON.stringify(obj) : ''),
  error: (obj, msg) => console.error(`[simulator] ${msg ?? ''}`, Object.keys(obj).length ? JSON.stringify(obj) : ''),
};
