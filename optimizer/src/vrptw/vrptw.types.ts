/**
 * Public types of the day-plan routing engine (a VRPTW solver).
 *
 * The shapes are those of the product (crews with skills and shifts, orders with priorities,
 * travel times from a matrix the caller supplies); the Solomon benchmark is the special case of
 * one depot, a homogeneous fleet and a capacity.
 */

/**
 * Travel times (or distances) between locations: either a dense row-major matrix of
 * `locationCount × locationCount` values, or a function. A function is sampled once into a
 * matrix, so it may be slow (e.g. a routing-engine lookup table) without slowing the search.
 */
export type TravelMatrix = Float64Array | ((from: number, to: number) => number);

/** A time interval `[earliest, latest]` in the same unit as the travel times. */
export type TimeWindow = readonly [earliest: number, latest: number];

/** One order (customer, work order) to be served at most once by one vehicle or crew. */
export interface VrptwOrder {
  /** Caller's id, echoed back in the plan. */
  readonly id: string;
  /** Index into the travel matrices. */
  readonly location: number;
  /** Time spent on site. */
  readonly serviceTime: number;
  /** Service must *start* inside this window; arriving early means waiting. Default: always. */
  readonly timeWindow?: TimeWindow;
  /** Load taken from the vehicle's capacity. Default 0. */
  readonly demand?: number;
  /**
   * Importance when not everything fits: an unserved order costs `1 + priority` units in the
   * first level of the objective, so the solver drops low-priority orders first. Default 0.
   */
  readonly priority?: number;
  /** The serving vehicle or crew must have all of these skills. */
  readonly requiredSkills?: readonly string[];
}

/**
 * A break inside a shift (e.g. lunch): taken where the crew is, so it adds no travel and no
 * distance — right after leaving the start depot, between two stops (after leaving one, or on
 * arrival at the next before service, where waiting for a window can absorb it), or before
 * getting back to the end depot.
 */
export interface VrptwBreak {
  /** Caller's id, echoed back in the plan; unique within the vehicle. */
  readonly id: string;
  /** When the break may *start*; must lie inside the vehicle's shift. */
  readonly window: TimeWindow;
  /** Length of the break, in the matrix unit; non-negative. */
  readonly duration: number;
}

/** One vehicle or crew: a route starts and ends at its depots, inside its shift. */
export interface VrptwVehicle {
  readonly id: string;
  /** Index into the travel matrices where the route starts. */
  readonly startLocation: number;
  /** Index into the travel matrices where the route ends (may equal `startLocation`). */
  readonly endLocation: number;
  /** Leave the start depot no earlier than `shift[0]`, be back at the end depot by `shift[1]`. */
  readonly shift: TimeWindow;
  /** Maximum total demand of the route. Default: unlimited. */
  readonly capacity?: number;
  readonly skills?: readonly string[];
  /**
   * Breaks the crew must take, each inside its window, if it is used at all: an unused
   * vehicle has no route, hence no break to place (a crew with no work today may take its
   * lunch whenever it likes). A route whose breaks cannot all be placed is infeasible.
   * Breaks are taken in the order of their windows (earliest start, then latest start).
   */
  readonly breaks?: readonly VrptwBreak[];
}

/** A routing problem. Orders and vehicles refer to locations by index into the matrices. */
export interface VrptwProblem {
  readonly locationCount: number;
  /** Travel time between locations; drives feasibility (time windows, shifts). */
  readonly travelTime: TravelMatrix;
  /** Cost minimized in the second level of the objective. Default: `travelTime`. */
  readonly distance?: TravelMatrix;
  readonly orders: readonly VrptwOrder[];
  readonly vehicles: readonly VrptwVehicle[];
}

/** Tuning and stopping rules. Every field is optional. */
export interface VrptwSolveOptions {
  /** Seed of the pseudo-random generator; same seed + same iteration count ⇒ same plan. Default 1. */
  readonly seed?: number;
  /** Wall-clock budget. Default 5 s. The only use of the clock is deciding when to stop. */
  readonly timeLimitSeconds?: number;
  /**
   * Budget in search iterations (ruin-and-recreate steps, both phases together). When given,
   * the run is exactly reproducible for a seed whatever the machine load, provided the time
   * limit is not hit first (pass `timeLimitSeconds: Infinity` to be sure).
   */
  readonly maxIterations?: number;
  /**
   * Clock in milliseconds used for the time limit. Default `performance.now` (wall clock). A
   * benchmark on a shared machine may pass a CPU-time clock so that the limit means "seconds of
   * one core" whatever the load.
   */
  readonly clock?: () => number;
  /**
   * Share of the budget the route-minimization phase may use before the distance phase takes
   * over. Default 0.5. Route minimization stops earlier when it reaches the capacity lower bound.
   */
  readonly routeMinimizationShare?: number;
  /**
   * What comes after serving orders in the lexicographic objective. `'vehicles'` (default):
   * fewest vehicles, then least distance — Solomon's objective, for a fleet that stays home when
   * unused. `'distance'`: a fixed fleet (every crew is on shift anyway), so vehicles are free
   * and only the distance counts: an order goes on a crew not yet used whenever that is cheaper
   * than fitting it into a route already open. An unused vehicle with different start and end
   * depots is counted as driving straight from start to end, so using it costs only the detour.
   */
  readonly objective?: 'vehicles' | 'distance';
}

/** Why an order is not in any route. */
export type UnassignedReason =
  /** No vehicle or crew has all the required skills. */
  | 'no_crew_with_skill'
  /**
   * No skilled vehicle can reach the order inside its window and get back inside its shift,
   * with its breaks taken inside their windows.
   */
  | 'window_outside_shifts'
  /** The demand exceeds every skilled vehicle's capacity. */
  | 'exceeds_capacity'
  /** Each order could be served alone, but not all of them together with the fleet given. */
  | 'does_not_fit';

/**
 * A visit in a planned route, in the matrix unit: arrival, service start and departure. A
 * break taken on arrival lies between `arrival` and `start`; travel is done as early as it
 * can be (before a break when it fits before it).
 */
export interface PlannedStop {
  /** Index into `problem.orders`. */
  readonly order: number;
  readonly orderId: string;
  readonly arrival: number;
  readonly start: number;
  readonly departure: number;
}

/** Where a break falls in a planned route. */
export interface PlannedBreak {
  /** The `VrptwBreak` id. */
  readonly id: string;
  readonly start: number;
  /** `start + duration`. */
  readonly end: number;
  /**
   * Index into the route's `stops` after which it is taken (after leaving that stop, or on
   * arrival at the next one before its service, or before reaching the end depot after the
   * last stop); -1 = before the first stop (at the start depot, or on arrival at the first stop).
   */
  readonly afterStop: number;
}

export interface PlannedRoute {
  /** Index into `problem.vehicles`. */
  readonly vehicle: number;
  readonly vehicleId: string;
  readonly stops: readonly PlannedStop[];
  readonly load: number;
  /** Sum of `distance` (or travel time) over the legs, depot to depot. */
  readonly distance: number;
  /** Time at which the vehicle is back at its end depot (after any break taken on the way). */
  readonly end: number;
  /** The vehicle's breaks in the order taken (empty when it has none). */
  readonly breaks: readonly PlannedBreak[];
}

export interface UnassignedOrder {
  readonly order: number;
  readonly orderId: string;
  readonly reason: UnassignedReason;
}

/** The answer: non-empty routes only, and the orders left out with a reason each. */
export interface VrptwPlan {
  readonly routes: readonly PlannedRoute[];
  readonly unassigned: readonly UnassignedOrder[];
  /** Number of non-empty routes (vehicles used): first level of the objective after service. */
  readonly vehicles: number;
  /** Total distance over routes: second level. */
  readonly distance: number;
  /** Search iterations done; with the seed, this fixes the result. */
  readonly iterations: number;
  /** Time spent, in seconds of the `clock` option. */
  readonly seconds: number;
}
