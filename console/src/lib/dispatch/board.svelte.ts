import type { CrewShift, ServerMessage, WorkOrder } from '../contracts.ts';
import type { LiveFeed } from '../live/live-feed.svelte.ts';
import { dispatchApi, DispatchError, type CrewBrief, type OrderTypeBrief } from './dispatch-api.ts';
import { applyEta, createOrderBook, replaceOrders, upsertOrder, type OrderBook } from './order-book.ts';
import { shiftQueryRange } from './shifts.ts';

/** list rebuilds at most this often under a burst of messages */
const PUBLISH_MS = 150;
/** countdowns move by the minute; a second keeps "vencida" honest without a visible lag */
const CLOCK_MS = 1000;
/** published shifts change rarely; a crew's "today" moves at midnight */
const SHIFTS_MS = 5 * 60_000;

/**
 * The dispatch board's state: orders in a plain Map (order-book.ts), fed by `/orders` and by the
 * page's socket (`order.updated`, `order.eta`, refetch on reconnect). Svelte only sees `view`:
 * a version number, the selection and a few flags — the list derives its rows from the version.
 */
export class DispatchBoard {
  readonly book: OrderBook = createOrderBook();
  readonly view = $state<{
    version: number;
    loaded: boolean;
    error: string | null;
    total: number;
    selectedId: string | null;
    /** bumps when the selected order changed on the server (reload its events) */
    selectedTick: number;
    suggestFor: string | null;
    now: number;
    /** the crew whose list (sequence) is open */
    routeCrewId: string | null;
    /** `/shifts`: 'unavailable' while the server has no such endpoint (404) or refuses it */
    shifts: 'loading' | 'ready' | 'unavailable';
  }>({ version: 0, loaded: false, error: null, total: 0, selectedId: null, selectedTick: 0, suggestFor: null, now: Date.now(), routeCrewId: null, shifts: 'loading' });
  crewShifts = $state.raw<CrewShift[]>([]);
  /** the selected order as last seen (stays after it closes and leaves the list) */
  selected = $state.raw<WorkOrder | null>(null);
  crews = $state.raw<CrewBrief[]>([]);
  orderTypes = $state.raw<OrderTypeBrief[]>([]);
  // reactive: rows render `crewName(id)` directly, and must change when the names arrive after the orders
  private crewNames = $state.raw(new Map<string, string>());
  private unlisten: (() => void) | null = null;
  private clock: ReturnType<typeof setInterval> | undefined;
  private publishTimer: ReturnType<typeof setTimeout> | undefined;
  private fetching: AbortController | null = null;
  private shiftsTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly feed: LiveFeed,
    private readonly opts: { onUnauthorized: () => void },
  ) {}

  /** `ordersOnly`: the live map's pins need the orders, not crews, types or shifts. */
  start(opts: { ordersOnly?: boolean } = {}): void {
    this.unlisten = this.feed.listen((m) => (m === 'reconnected' ? void this.refetch() : this.onMessage(m)));
    this.clock = setInterval(() => (this.view.now = Date.now()), CLOCK_MS);
    void this.refetch();
    if (opts.ordersOnly) return;
    void this.loadOrderTypes();
    void this.loadCrews();
    void this.loadShifts();
    this.shiftsTimer = setInterval(() => void this.loadShifts(), SHIFTS_MS);
  }

  /** Also when the create form opens: an admin may have added or changed a type meanwhile. */
  async loadOrderTypes(): Promise<void> {
    try {
      const r = await dispatchApi.orderTypes();
      this.orderTypes = r.orderTypes.filter((t) => t.active !== false);
    } catch {
      // the form keeps the types it has
    }
  }

  async loadShifts(): Promise<void> {
    const { from, to } = shiftQueryRange(Date.now());
    try {
      this.crewShifts = (await dispatchApi.shifts(from, to)).shifts;
      this.view.shifts = 'ready';
    } catch (e) {
      if (e instanceof DispatchError && e.status === 401) return this.opts.onUnauthorized();
      // 404 until the shifts module is deployed, 403 for a role without it: say "no shift data"
      if (e instanceof DispatchError && e.status !== 0 && this.view.shifts !== 'ready') this.view.shifts = 'unavailable';
    }
  }

  /** Every socket message of the page (suggestions refresh on them). */
  listen(fn: (m: ServerMessage | 'reconnected') => void): () => void {
    return this.feed.listen(fn);
  }

  /** Opens (or closes, with null) a crew's list; its orders are fetched whole (the board's may be capped). */
  openRoute(crewId: string | null): void {
    this.view.routeCrewId = crewId;
    if (crewId) void this.loadCrewOrders(crewId);
  }

  async loadCrewOrders(crewId: string): Promise<void> {
    try {
      const r = await dispatchApi.crewOrders(crewId);
      let changed = false;
      for (const o of r.orders) {
        const u = upsertOrder(this.book, o);
        if (u === 'inserted') this.view.total++;
        changed ||= u !== 'ignored';
      }
      if (changed) this.publish(true);
    } catch {
      // the board's own list still shows what it has; saving will say if it is incomplete
    }
  }

  stop(): void {
    this.unlisten?.();
    this.fetching?.abort();
    clearInterval(this.clock);
    clearTimeout(this.publishTimer);
    clearInterval(this.shiftsTimer);
  }

  crewName = (id: string): string | null => this.crewNames.get(id) ?? null;

  async loadCrews(): Promise<void> {
    try {
      const { crews } = await dispatchApi.crews();
      this.crewNames = new Map(crews.map((c) => [c.id, c.name]));
      this.crews = crews;
      this.publish(true);
    } catch {
      // crew names are a nicety: ids still show
    }
  }

  async refetch(): Promise<void> {
    this.fetching?.abort();
    const ctrl = new AbortController();
    this.fetching = ctrl;
    try {
      const res = await dispatchApi.orders(ctrl.signal);
      replaceOrders(this.book, res.orders);
      this.view.total = res.total;
      this.view.loaded = true;
      this.view.error = null;
      const sel = this.view.selectedId;
      const fresh = sel ? this.book.orders.get(sel) : undefined;
      if (fresh) this.selected = fresh;
      this.publish(true);
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return;
      if (e instanceof DispatchError && e.status === 401) return this.opts.onUnauthorized();
      if (e instanceof DispatchError && e.status === 0) return; // the connection indicator says so
      this.view.error = e instanceof Error ? e.message : String(e);
    }
  }

  select(id: string | null, opts: { suggest?: boolean } = {}): void {
    this.view.selectedId = id;
    this.view.suggestFor = id && opts.suggest ? id : null;
    this.selected = id ? (this.book.orders.get(id) ?? null) : null;
    if (id && !this.selected) {
      dispatchApi.order(id).then(
        (o) => {
          if (this.view.selectedId === id) this.selected = o;
        },
        () => undefined,
      );
    }
  }

  /** An answer of our own action: applied at once, the socket echo is then ignored by version. */
  applyOrder(order: WorkOrder): void {
    this.onOrder(order);
  }

  /** Several answers at once (a resequence): one rebuild. */
  applyOrders(orders: readonly WorkOrder[]): void {
    for (const o of orders) this.onOrder(o);
    this.publish(true);
  }

  private onOrder(order: WorkOrder): void {
    const r = upsertOrder(this.book, order);
    if (order.id === this.view.selectedId && (!this.selected || this.selected.version <= order.version)) {
      const changed = this.selected?.version !== order.version;
      this.selected = order;
      if (changed) this.view.selectedTick++;
    }
    if (r === 'inserted') this.view.total++;
    if (r === 'removed') this.view.total = Math.max(0, this.view.total - 1);
    if (r !== 'ignored') this.publish();
  }

  private onMessage(m: ServerMessage): void {
    if (m.type === 'order.updated') this.onOrder(m.data.order);
    else if (m.type === 'order.eta' && applyEta(this.book, m.data)) this.publish();
  }

  /** Coalesces bursts: the list and the pins rebuild once per PUBLISH_MS at most. */
  private publish(now = false): void {
    if (now) {
      clearTimeout(this.publishTimer);
      this.publishTimer = undefined;
      this.view.version++;
      return;
    }
    if (this.publishTimer !== undefined) return;
    this.publishTimer = setTimeout(() => {
      this.publishTimer = undefined;
      this.view.version++;
    }, PUBLISH_MS);
  }
}
