import type { RosterProgress, RosterStatus } from '../contracts.ts';

export interface ProgressView {
  /** 0–1 of the time limit used */
  fraction: number;
  elapsed: string;
  limit: string;
  /** (objective − bound) / objective, when both are known */
  gap: number | null;
}

/** "1:05" for 65 s; whole seconds (the bar moves every poll anyway). */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function progressView(p: RosterProgress): ProgressView {
  const fraction = p.timeLimitSeconds > 0 ? Math.min(1, Math.max(0, p.elapsedSeconds / p.timeLimitSeconds)) : 0;
  let gap: number | null = null;
  if (p.objective !== null && p.bound !== null) gap = p.objective <= 0 ? 0 : Math.max(0, (p.objective - p.bound) / p.objective);
  return { fraction, elapsed: clock(p.elapsedSeconds), limit: clock(p.timeLimitSeconds), gap };
}

/** Poll often while the solver runs, then stop. */
export const POLL_MS = 500;

export function isFinished(status: RosterStatus): boolean {
  return status !== 'generating';
}

export function isEditable(status: RosterStatus): boolean {
  return status === 'draft';
}
