/**
 * Whether the live map shows the open orders. Remembered per browser (a wall PC keeps its choice
 * across restarts); shown by default.
 */
const KEY = 'vatio.map.orders';

function initial(): boolean {
  try {
    return globalThis.localStorage?.getItem(KEY) !== 'off';
  } catch {
    return true;
  }
}

const state = $state<{ on: boolean }>({ on: initial() });

export const ordersVisible = {
  get on(): boolean {
    return state.on;
  },
  set(on: boolean): void {
    state.on = on;
    try {
      globalThis.localStorage?.setItem(KEY, on ? 'on' : 'off');
    } catch {
      // not remembered; the choice holds for this page
    }
  },
};
