/**
 * A clock in CPU milliseconds of this process (user + system), for benchmarks run with
 * `--clock cpu` on a shared machine: a time limit then means "this many seconds of CPU"
 * whatever the load. `process.cpuUsage` is a system call, so it is read at most once per wall
 * millisecond; otherwise a solver that asks the clock often would spend a tenth of its budget
 * asking.
 */
export function createCpuClock(): () => number {
  let lastWall = Number.NEGATIVE_INFINITY;
  let last = 0;
  return () => {
    const wall = performance.now();
    if (wall - lastWall >= 1) {
      const u = process.cpuUsage();
      last = (u.user + u.system) / 1000;
      lastWall = wall;
    }
    return last;
  };
}
