import { shiftBreakOffsets, type CrewShift, type ShiftConfig, type ShiftRequest, type ShiftRequestInput } from '../../contracts/index.ts';
import { badRequest, forbidden, notFound } from '../../errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/auth.service.ts';
import { writeIcs } from './ics.ts';
import { readConfig, type CrewDirectory } from './roster.service.ts';
import { MAX_SHIFT_RANGE_DAYS } from './shifts.schemas.ts';
import type { ShiftsRepository } from './shifts.repository.ts';
import { addDays, daysBetween, isoWithOffset, localInstant, todayIn } from './shift-time.ts';

/** Roles that read every crew's shifts and requests; anyone else (a crew) reads only its own. */
const READ_ALL = ['admin', 'planner', 'dispatcher', 'supervisor'] as const;

/**
 * The planner's configuration, crews' shift requests, and the published shifts crews and
 * dispatchers read (JSON with absolute instants, or an iCalendar file per crew).
 */
export class ShiftsService {
  constructor(
    private readonly repo: ShiftsRepository,
    private readonly audit: AuditService,
    private readonly crews: CrewDirectory,
    private readonly timeZone: string,
  ) {}

  async config(): Promise<ShiftConfig> {
    return readConfig(await this.repo.config(), 'the planner');
  }

  /** Saves a configuration already validated by `shiftConfig`. Existing rosters keep their snapshot. */
  async saveConfig(actor: Actor, config: ShiftConfig): Promise<ShiftConfig> {
    const before = await this.repo.config();
    await this.repo.saveConfig(config, actor.username);
    await this.audit.record(actor, { action: 'shift-config.update', entity: 'shift-config', entityId: '1', before, after: config });
    return config;
  }

  private readsAll(actor: Actor): boolean {
    return actor.roles.some((r) => (READ_ALL as readonly string[]).includes(r));
  }

  /**
   * The crews whose shifts/requests `actor` asks for: a reader of everything gets `crewId` or
   * all (null); a crew user gets its own crews, 403 for another crew's.
   */
  private async scope(actor: Actor, crewId: string | undefined): Promise<string[] | null> {
    if (this.readsAll(actor)) return crewId ? [crewId] : null;
    const own = actor.userId === null ? [] : await this.crews.crewsOfUser(actor.userId);
    if (crewId === undefined) return own;
    if (!own.includes(crewId)) throw forbidden(`crew ${crewId} is not yours`);
    return [crewId];
  }

  private checkRange(from: string, to: string): void {
    const span = daysBetween(from, to) + 1;
    if (span < 1) throw badRequest('to: must not be before from', 'to');
    if (span > MAX_SHIFT_RANGE_DAYS) throw badRequest(`to: at most ${MAX_SHIFT_RANGE_DAYS} days from from`, 'to');
  }

  async requests(actor: Actor, f: { crewId?: string | undefined; from?: string | undefined; to?: string | undefined }): Promise<ShiftRequest[]> {
    const crewIds = await this.scope(actor, f.crewId);
    if (crewIds !== null && crewIds.length === 0) return [];
    return this.repo.requests({ crewIds, from: f.from ?? null, to: f.to ?? null });
  }

  async addRequest(actor: Actor, input: ShiftRequestInput): Promise<ShiftRequest> {
    if (!(await this.crews.crews()).some((c) => c.id === input.crewId)) throw badRequest(`crewId: unknown crew ${input.crewId}`, 'crewId');
    if (input.kind !== 'day_off') {
      const codes = (await this.config()).shiftTypes.map((s) => s.code);
      if (!input.shiftCode || !codes.includes(input.shiftCode)) throw badRequest(`shiftCode: unknown shift ${input.shiftCode ?? ''}`, 'shiftCode');
    }
    const saved = await this.repo.insertRequest(input, actor.username);
    await this.audit.record(actor, { action: 'shift-request.create', entity: 'shift-request', entityId: String(saved.id), after: saved });
    return saved;
  }

  async deleteRequest(actor: Actor, id: number): Promise<void> {
    const gone = await this.repo.deleteRequest(id);
    if (!gone) throw notFound(`shift request ${id}`);
    await this.audit.record(actor, { action: 'shift-request.delete', entity: 'shift-request', entityId: String(id), before: gone });
  }

  /** Published shifts in force, with absolute start and end (a night shift ends the next day). */
  async shifts(actor: Actor, f: { from: string; to: string; crewId?: string | undefined }): Promise<CrewShift[]> {
    this.checkRange(f.from, f.to);
    const crewIds = await this.scope(actor, f.crewId);
    if (crewIds !== null && crewIds.length === 0) return [];
    return this.published(f.from, f.to, crewIds);
  }

  private async published(from: string, to: string, crewIds: string[] | null): Promise<CrewShift[]> {
    const rows = await this.repo.liveShifts({ from, to, crewIds });
    const configs = await this.repo.rosterConfigs([...new Set(rows.map((r) => r.rosterId))]);
    const types = new Map<string, Map<string, ShiftConfig['shiftTypes'][number]>>();
    for (const [id, raw] of configs) types.set(id, new Map(readConfig(raw, id).shiftTypes.map((s) => [s.code, s])));
    const out: CrewShift[] = [];
    for (const r of rows) {
      const t = types.get(r.rosterId)?.get(r.shiftCode);
      if (!t) continue;
      const start = localInstant(r.date, t.start, this.timeZone);
      const end = start + t.minutes * 60_000;
      // the shift type's break (lunch) for the day plan, as instants of this shift
      const b = shiftBreakOffsets(t);
      out.push({
        crewId: r.crewId,
        date: r.date,
        shiftCode: r.shiftCode,
        name: t.name,
        color: t.color,
        start: isoWithOffset(start, this.timeZone),
        end: isoWithOffset(end, this.timeZone),
        rosterId: r.rosterId,
        ...(b ? { break: { earliest: isoWithOffset(start + b.earliest * 60_000, this.timeZone), latest: isoWithOffset(start + b.latest * 60_000, this.timeZone), minutes: b.minutes } } : {}),
      });
    }
    return out;
  }

  /**
   * A crew's published shifts as an iCalendar file. Default range: a week ago to eight weeks
   * ahead (62 days), so a calendar subscribed to the URL always shows what is coming.
   */
  async ics(actor: Actor, crewId: string, f: { from?: string | undefined; to?: string | undefined }): Promise<{ filename: string; body: string }> {
    const today = todayIn(this.timeZone);
    const from = f.from ?? (f.to ? addDays(f.to, -(MAX_SHIFT_RANGE_DAYS - 1)) : addDays(today, -7));
    const to = f.to ?? addDays(from, MAX_SHIFT_RANGE_DAYS - 1);
    this.checkRange(from, to);
    const crew = (await this.crews.crews()).find((c) => c.id === crewId);
    if (!crew) throw notFound(`crew ${crewId}`);
    await this.scope(actor, crewId);
    const shifts = await this.published(from, to, [crewId]);
    const body = writeIcs({
      name: `Turnos — ${crew.name}`,
      timeZone: this.timeZone,
      now: Date.now(),
      events: shifts.map((s) => ({
        // One shift per crew and day: the UID stays the same when a newer roster is published
        // for that day, so calendar applications update the event instead of adding another.
        uid: `${s.date}.${s.crewId}@turnos.vatio`,
        start: Date.parse(s.start),
        end: Date.parse(s.end),
        summary: `Turno ${s.name} (${s.shiftCode}) — ${crew.name}`,
        description: `Cuadrilla ${crew.name}, turno ${s.name} del ${s.date}: ${s.start.slice(11, 16)} a ${s.end.slice(11, 16)} (hora de ${this.timeZone}). Cuadrante ${s.rosterId}.`,
        categories: ['Turno', s.name],
      })),
    });
    return { filename: `turnos-${crewId}-${from}-${to}.ics`, body };
  }
}
