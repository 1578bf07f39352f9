/**
 * Reader of Solomon's VRPTW benchmark files (Solomon 1987, "Algorithms for the vehicle routing
 * and scheduling problems with time window constraints"), given as text: the caller does the
 * file reading, this module stays free of I/O.
 *
 * Layout: a name line; `VEHICLE`, a header, `<number> <capacity>`; `CUSTOMER`, a header, then
 * one row per customer `no x y demand ready due service`, row 0 being the depot.
 */
import type { VrptwProblem, VrptwOrder, VrptwVehicle } from './vrptw.types.ts';

export interface SolomonCustomer {
  /** Customer number as in the file; 0 is the depot. */
  readonly id: number;
  readonly x: number;
  readonly y: number;
  readonly demand: number;
  readonly ready: number;
  readonly due: number;
  readonly service: number;
}

export interface SolomonInstance {
  readonly name: string;
  readonly vehicleCount: number;
  readonly capacity: number;
  /** Index = customer number; `customers[0]` is the depot. */
  readonly customers: readonly SolomonCustomer[];
}

/** A malformed instance: the message starts with `line N:` (1-based). */
export class SolomonParseError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'SolomonParseError';
  }
}

function numbers(text: string, line: number, count: number, what: string): number[] {
  const parts = text.trim().split(/\s+/);
  const values = parts.map(Number);
  if (parts.length !== count || values.some((v) => !Number.isFinite(v))) {
    throw new SolomonParseError(line, `expected ${count} numbers (${what}), got "${text.trim()}"`);
  }
  return values;
}

/**
 * Parses the text of a Solomon instance file.
 *
 * @example
 * const inst = parseSolomon(readFileSync('C101.txt', 'utf8'));
 * inst.customers.length - 1; // 100 customers
 * inst.vehicleCount;         // 25
 * inst.capacity;             // 200
 * @throws SolomonParseError naming the 1-based line of the first problem.
 */
export function parseSolomon(text: string): SolomonInstance {
  const lines = text.split(/\r?\n/);
  let i = 0;
  const skipBlank = (): void => {
    while (i < lines.length && lines[i]!.trim() === '') i++;
  };
  const expectWord = (word: string): void => {
    skipBlank();
    if (i >= lines.length) throw new SolomonParseError(i + 1, `expected "${word}", got end of file`);
    if (!lines[i]!.trim().toUpperCase().startsWith(word)) {
      throw new SolomonParseError(i + 1, `expected "${word}", got "${lines[i]!.trim()}"`);
    }
    i++;
  };

  skipBlank();
  if (i >= lines.length) throw new SolomonParseError(1, 'empty file');
  const name = lines[i]!.trim();
  i++;
  expectWord('VEHICLE');
  expectWord('NUMBER');
  skipBlank();
  if (i >= lines.length) throw new SolomonParseError(i + 1, 'expected vehicle number and capacity, got end of file');
  const [vehicleCount, capacity] = numbers(lines[i]!, i + 1, 2, 'vehicle number, capacity') as [number, number];
  if (!Number.isInteger(vehicleCount) || vehicleCount < 1 || capacity <= 0) {
    throw new SolomonParseError(i + 1, `vehicle number must be a positive integer and capacity positive`);
  }
  i++;
  expectWord('CUSTOMER');
  expectWord('CUST');

  const customers: SolomonCustomer[] = [];
  for (; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const [id, x, y, demand, ready, due, service] = numbers(raw, i + 1, 7, 'no x y demand ready due service') as [number, number, number, number, number, number, number];
    if (id !== customers.length) {
      throw new SolomonParseError(i + 1, `customer number ${id} out of sequence; expected ${customers.length}`);
    }
    if (ready > due) throw new SolomonParseError(i + 1, `ready time ${ready} after due date ${due}`);
    if (demand < 0 || service < 0) throw new SolomonParseError(i + 1, 'negative demand or service time');
    customers.push({ id, x, y, demand, ready, due, service });
  }
  if (customers.length < 2) throw new SolomonParseError(lines.length, 'expected the depot and at least one customer');
  return { name, vehicleCount, capacity, customers };
}

/**
 * Euclidean distance in double precision, unrounded, as in the literature since Solomon (1987).
 *
 * @example
 * const [depot, first] = parseSolomon(text).customers;
 * solomonDistance(depot!, first!); // C101: hypot(40 - 45, 50 - 68) ≈ 18.68
 */
export function solomonDistance(a: SolomonCustomer, b: SolomonCustomer): number {
  const dx = a.x - b.x;
  const dy = a.y - b.y;
  return Math.sqrt(dx * dx + dy * dy);
}

/**
 * The engine's view of a Solomon instance: location i is customer i (0 = depot), order ids are
 * the customer numbers, `vehicleCount` identical vehicles whose shift is the depot's window,
 * travel time = distance.
 *
 * @example
 * const plan = solveVrptw(solomonProblem(parseSolomon(text)), { timeLimitSeconds: 5 });
 * const routes = plan.routes.map((r) => r.stops.map((s) => Number(s.orderId)));
 */
export function solomonProblem(inst: SolomonInstance): VrptwProblem {
  const L = inst.customers.length;
  const matrix = new Float64Array(L * L);
  for (let i = 0; i < L; i++) {
    for (let j = 0; j < L; j++) matrix[i * L + j] = solomonDistance(inst.customers[i]!, inst.customers[j]!);
  }
  const depot = inst.customers[0]!;
  const orders: VrptwOrder[] = inst.customers.slice(1).map((c) => ({
    id: String(c.id),
    location: c.id,
    serviceTime: c.service,
    timeWindow: [c.ready, c.due],
    demand: c.demand,
  }));
  const vehicles: VrptwVehicle[] = Array.from({ length: inst.vehicleCount }, (_, k) => ({
    id: `v${k + 1}`,
    startLocation: 0,
    endLocation: 0,
    shift: [depot.ready, depot.due],
    capacity: inst.capacity,
  }));
  return { locationCount: L, travelTime: matrix, orders, vehicles };
}
