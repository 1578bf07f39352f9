import type { ServerMessage, WorkOrder } from '../contracts.ts';
import type { LiveFeed } from '../live/live-feed.svelte.ts';
import { dispatchApi, DispatchError, type CrewBrief, type OrderTypeBrief } from './dispatch-api.ts';
import { applyEta, createOrderBook, replaceOrders, upsertOrder, type OrderBook } from './order-book.ts';

/** list rebuilds at most this often under a burst of messages */
const PUBLISH_MS = 150;
/** countdowns move by the minute; a second keeps "vencida" honest without a visible lag */
const CLOCK_MS = 1000;

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
  }>({ version: 0, loaded: false, error: null, total: 0, selectedId: null, selectedTick: 0, suggestFor: null, now: Date.now() });
  /** the selected order as last seen (stays after it closes and leaves the list) */
  selected = $state.raw<WorkOrder | null>(null);
  crews = $state.raw<CrewBrief[]>([]);
  orderTypes = $state.raw<OrderTypeBrief[]>([]);
  private crewNames = new Map<string, string>();
  private unlisten: (() => void) | null = null;
  private clock: ReturnType<typeof setInterval> | undefined;
  private publishTimer: ReturnType<typeof setTimeout> | undefined;
  private fetching: AbortController | null = null;

  constructor(
    private readonly feed: LiveFeed,
    private readonly opts: { onUnauthorized: () => void },
  ) {}

  start(): void {
    this.unlisten = this.feed.listen((m) => (m === 'reconnected' ? void this.refetch() : this.onMessage(m)));
    this.clock = setInterval(() => (this.view.now = Date.now()), CLOCK_MS);
    void this.refetch();
    dispatchApi.orderTypes().then((r) => (this.orderTypes = r.orderTypes.filter((t) => t.active !== false)), () => undefined);
    void this.loadCrews();
  }

  stop(): void {
    this.unlisten?.();
    this.fetching?.abort();
    clearInterval(this.clock);
    clearTimeout(this.publishTimer);
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
