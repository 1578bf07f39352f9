// Public surface of the roster engine: parse an instance, generate a roster, check a roster.
export { parseCurtoisQuInstance, RosterParseError } from './roster.parser.ts';
export { checkRoster } from './roster.checker.ts';
export { generateRoster } from './roster.solver.ts';
export type { GenerateRosterOptions, GenerateRosterResult, RosterProgress } from './roster.solver.ts';
export type {
  CoverRequirement,
  HardRule,
  PenaltyKind,
  Roster,
  RosterBreakdown,
  RosterCheck,
  RosterInstance,
  RosterPenalty,
  RosterViolation,
  ShiftRequest,
  ShiftType,
  StaffMember,
} from './roster.model.ts';
