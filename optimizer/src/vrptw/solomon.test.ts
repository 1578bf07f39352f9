import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSolomonSolution } from './solomon.checker.ts';
import { parseSolomon, solomonProblem, SolomonParseError } from './solomon.reader.ts';
import { solveVrptw } from './solver.ts';

// A copy of Solomon's C101 ships beside the tests so that they run on a clean checkout.
const c101 = readFileSync(new URL('./fixtures/C101.txt', import.meta.url), 'utf8');

/** Depot at the origin open [0, 100]; customers on the x axis; capacity 10, two vehicles. */
const tiny = `TINY

VEHICLE
NUMBER     CAPACITY
  2         10

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME

    0      0          0          0          0        100          0
    1      10         0          4          0         50          5
    2      20         0          4         30         40          5
    3      30         0          4          0         60          5
`;

describe('parseSolomon', () => {
  it('reads C101: 100 customers, 25 vehicles of capacity 200', () => {
    const inst = parseSolomon(c101);
    expect(inst.name).toBe('C101');
    expect(inst.customers.length - 1).toBe(100);
    expect(inst.vehicleCount).toBe(25);
    expect(inst.capacity).toBe(200);
    expect(inst.customers[0]).toEqual({ id: 0, x: 40, y: 50, demand: 0, ready: 0, due: 1236, service: 0 });
    expect(inst.customers[1]).toEqual({ id: 1, x: 45, y: 68, demand: 10, ready: 912, due: 967, service: 90 });
  });

  // Lines: 1 name, 3 VEHICLE, 4 header, 5 fleet, 7 CUSTOMER, 8 header, 10.. rows 0..3.
  it('names the line of a malformed customer row', () => {
    const broken = tiny.replace('    2      20         0          4         30', '    2      20         x          4         30');
    expect(() => parseSolomon(broken)).toThrow(SolomonParseError);
    expect(() => parseSolomon(broken)).toThrow(/^line 12: expected 7 numbers/);
  });

  it('names the line of a missing section or an out-of-sequence customer', () => {
    expect(() => parseSolomon(tiny.replace('VEHICLE', 'VEHICLES?').replace('NUMBER', 'COUNT'))).toThrow(/^line 4: expected "NUMBER"/);
    expect(() => parseSolomon(tiny.replace('    3      30', '    4      30'))).toThrow(/^line 13: customer number 4 out of sequence/);
    expect(() => parseSolomon(tiny.replace('  2         10', '  2'))).toThrow(/^line 5: expected 2 numbers/);
  });
});

describe('checkSolomonSolution', () => {
  const inst = parseSolomon(tiny);

  it('accepts a feasible solution and recomputes its distance', () => {
    const check = checkSolomonSolution(inst, [[1, 2], [3]]);
    expect(check.errors).toEqual([]);
    expect(check.feasible).toBe(true);
    expect(check.vehicles).toBe(2);
    expect(check.distance).toBe(40 + 60);
  });

  it('rejects a late arrival', () => {
    // 0 → 3 (t=30, leave 35) → 1 (t=55 > 50).
    const check = checkSolomonSolution(inst, [[3, 1], [2]]);
    expect(check.feasible).toBe(false);
    expect(check.errors.join()).toMatch(/customer 1 served at 55.0000 after its due date 50/);
  });

  it('rejects a route over capacity', () => {
    const check = checkSolomonSolution(inst, [[1, 2, 3]]);
    expect(check.feasible).toBe(false);
    expect(check.errors.join()).toMatch(/load 12 over capacity 10/);
  });

  it('rejects a missing or a duplicated customer', () => {
    expect(checkSolomonSolution(inst, [[1, 2]]).errors).toEqual(['customer 3 not visited']);
    expect(checkSolomonSolution(inst, [[1, 2], [3, 1]]).errors).toContain('customer 1 visited 2 times');
  });

  it('rejects more vehicles than the instance has, and unknown customers', () => {
    expect(checkSolomonSolution(inst, [[1], [2], [3]]).errors).toEqual(['3 vehicles used; the instance has 2']);
    expect(checkSolomonSolution(inst, [[1, 2], [3, 9]]).errors).toEqual(['route 2: unknown customer 9']);
  });

  it('rejects a late return to the depot', () => {
    const late = parseSolomon(tiny.replace(/^(\s+0(\s+0){4}\s+)100/m, '$160'));
    expect(late.customers[0]!.due).toBe(60);
    expect(checkSolomonSolution(late, [[1, 2], [3]]).errors).toEqual(['route 2: back at the depot at 65.0000 after 60']);
  });
});

describe('solver on Solomon C101', () => {
  it('finds a plan the independent checker accepts, with the same distance', () => {
    const inst = parseSolomon(c101);
    const plan = solveVrptw(solomonProblem(inst), { seed: 1, maxIterations: 4000, timeLimitSeconds: Infinity });
    const routes = plan.routes.map((r) => r.stops.map((s) => Number(s.orderId)));
    const check = checkSolomonSolution(inst, routes);
    expect(check.errors).toEqual([]);
    expect(plan.unassigned).toEqual([]);
    expect(check.vehicles).toBe(plan.vehicles);
    expect(check.distance).toBeCloseTo(plan.distance, 6);
    // C101's optimum is 10 vehicles, 828.94; a short run already gets the vehicles.
    expect(check.vehicles).toBe(10);
  });
});
