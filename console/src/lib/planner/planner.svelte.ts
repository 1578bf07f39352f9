import { ApiError } from '../api.ts';
import type { RosterGenerateInput, RosterSummary, RosterView, ShiftConfig, ShiftRequest, ShiftRequestInput } from '../contracts.ts';
import { addDays, nextMonday, todayIn } from './dates.ts';
import { session } from '../session.svelte.ts';
import { withChange } from './gantt.ts';
import { plannerApi, type CrewRef } from './planner-api.ts';
import { isFinished, POLL_MS } from './progress.ts';

export type PublishOutcome = { ok: true } | { ok: false; violations: boolean; message: string };

function messageOf(e: unknown): string {
  if (e instanceof ApiError && e.status === 401) session.expired();
  return e instanceof Error ? e.message : String(e);
}

/**
 * The planner screen's state: crews, recent rosters, the roster open in the Gantt (polled about
 * twice a second while it generates) and the shift configuration.
 */
export class PlannerStore {
  crews = $state.raw<CrewRef[]>([]);
  rosters = $state.raw<RosterSummary[]>([]);
  view = $state.raw<RosterView | null>(null);
  config = $state.raw<ShiftConfig | null>(null);
  /** the generate form (kept here so switching tabs does not lose what was typed) */
  form = $state({ start: nextMonday(todayIn()), weeks: 1, limit: 10, filter: '', chosen: null as string[] | null });
  /** crews' requests from a month ago on (leave, wishes): shown in the Gantt and listed */
  requests = $state.raw<ShiftRequest[]>([]);
  error = $state<string | null>(null);
  loading = $state(false);
  /** edits sent and not yet answered */
  saving = $state(0);
  cancelling = $state(false);

  #timer: ReturnType<typeof setTimeout> | undefined;
  #poll: AbortController | null = null;
  #openId: string | null = null;
  #destroyed = false;
  #editSeq = 0;

  get crewNames(): Map<string, string> {
    return new Map(this.crews.map((c) => [c.id, c.name]));
  }

  async init(): Promise<void> {
    const [crews, rosters, config] = await Promise.allSettled([plannerApi.crews(), plannerApi.rosters(), plannerApi.config(), this.loadRequests()]);
    if (crews.status === 'fulfilled') this.crews = [...crews.value.crews].sort((a, b) => a.name.localeCompare(b.name, 'es'));
    if (rosters.status === 'fulfilled') this.rosters = sortRosters(rosters.value.rosters);
    if (config.status === 'fulfilled') this.config = config.value;
    const failed = [crews, rosters, config].find((r) => r.status === 'rejected');
    if (failed?.status === 'rejected') this.error = messageOf(failed.reason);
    // open the newest roster that is being generated or drafted, else the newest at all
    const first = this.rosters.find((r) => r.status === 'generating') ?? this.rosters.find((r) => r.status === 'draft') ?? this.rosters[0];
    if (first && !this.view) await this.open(first.id);
  }

  async loadRequests(): Promise<void> {
    try {
      const r = await plannerApi.requests(addDays(todayIn(), -31));
      this.requests = [...r.requests].sort((a, b) => a.date.localeCompare(b.date) || a.crewId.localeCompare(b.crewId));
    } catch (e) {
      this.error = messageOf(e);
    }
  }

  /** Throws ApiError (with its field) for the form to show. */
  async addRequest(input: ShiftRequestInput): Promise<void> {
    await plannerApi.addRequest(input);
    await this.loadRequests();
  }

  async deleteRequest(id: number): Promise<void> {
    try {
      await plannerApi.deleteRequest(id);
    } catch (e) {
      this.error = messageOf(e);
    }
    await this.loadRequests();
  }

  async refreshList(): Promise<void> {
    try {
      this.rosters = sortRosters((await plannerApi.rosters()).rosters);
    } catch (e) {
      this.error = messageOf(e);
    }
  }

  async open(id: string): Promise<void> {
    this.#stopPolling();
    this.#openId = id;
    this.loading = true;
    this.error = null;
    try {
      const v = await plannerApi.roster(id);
      if (this.#openId !== id) return;
      this.view = v;
      this.#schedule();
    } catch (e) {
      this.error = messageOf(e);
    } finally {
      this.loading = false;
    }
  }

  close(): void {
    this.#stopPolling();
    this.#openId = null;
    this.view = null;
  }

  async generate(input: RosterGenerateInput): Promise<boolean> {
    this.error = null;
    try {
      const summary = await plannerApi.generate(input);
      this.rosters = sortRosters([summary, ...this.rosters.filter((r) => r.id !== summary.id)]);
      await this.open(summary.id);
      return true;
    } catch (e) {
      this.error = messageOf(e);
      return false;
    }
  }

  async cancel(): Promise<void> {
    const id = this.view?.roster.id;
    if (!id) return;
    this.cancelling = true;
    try {
      await plannerApi.cancel(id);
    } catch (e) {
      this.error = messageOf(e);
    } finally {
      this.cancelling = false;
    }
  }

  /** Saved at once; the grid shows the change before the server answers with the new check. */
  async edit(change: { crewId: string; date: string; shiftCode: string }): Promise<void> {
    const v = this.view;
    if (!v) return;
    const before = v;
    const seq = ++this.#editSeq;
    this.view = { ...v, assignments: withChange(v.assignments, v.dates, change) };
    this.saving++;
    this.error = null;
    try {
      const next = await plannerApi.edit(v.roster.id, [change]);
      // a later edit's answer carries this one too; only the latest answer is drawn
      if (seq === this.#editSeq && this.view?.roster.id === next.roster.id) this.view = next;
      this.rosters = this.rosters.map((r) => (r.id === next.roster.id ? next.roster : r));
    } catch (e) {
      if (seq === this.#editSeq) this.view = before;
      this.error = messageOf(e);
    } finally {
      this.saving--;
    }
  }

  async publish(acceptViolations: boolean): Promise<PublishOutcome> {
    const id = this.view?.roster.id;
    if (!id) return { ok: false, violations: false, message: 'no roster' };
    try {
      await plannerApi.publish(id, acceptViolations);
      await Promise.all([this.open(id), this.refreshList()]);
      return { ok: true };
    } catch (e) {
      const violations = e instanceof ApiError && e.status === 409 && !acceptViolations;
      return { ok: false, violations, message: messageOf(e) };
    }
  }

  async remove(): Promise<void> {
    const id = this.view?.roster.id;
    if (!id) return;
    try {
      await plannerApi.remove(id);
      this.close();
      await this.refreshList();
    } catch (e) {
      this.error = messageOf(e);
    }
  }

  async saveConfig(c: ShiftConfig): Promise<void> {
    // errors (with their field) go to the form
    this.config = await plannerApi.saveConfig(c);
  }

  destroy(): void {
    this.#destroyed = true;
    this.#stopPolling();
  }

  #schedule(): void {
    const v = this.view;
    if (!v || isFinished(v.roster.status) || this.#destroyed) return;
    this.#timer = setTimeout(() => void this.#tick(v.roster.id), POLL_MS);
  }

  async #tick(id: string): Promise<void> {
    this.#poll = new AbortController();
    try {
      const v = await plannerApi.roster(id, this.#poll.signal);
      if (this.#openId !== id) return;
      this.view = v;
      // keep the list's chip in step with what the Gantt shows
      this.rosters = this.rosters.map((r) => (r.id === id ? v.roster : r));
      if (isFinished(v.roster.status)) void this.refreshList();
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return;
      this.error = messageOf(e);
    }
    this.#schedule();
  }

  #stopPolling(): void {
    clearTimeout(this.#timer);
    this.#poll?.abort();
    this.#poll = null;
  }
}

function sortRosters(list: readonly RosterSummary[]): RosterSummary[] {
  return [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
