/**
 * Wall mode: dark theme, big type, no chrome but counts and clock, for the control-room screen.
 * Entered with the button or `?wall=1` (a wall PC can boot straight into it). Uses the
 * Fullscreen API when the browser allows it (it needs a user gesture, so not from the URL).
 */
function fromUrl(): boolean {
  try {
    return new URLSearchParams(globalThis.location?.search ?? '').get('wall') === '1';
  } catch {
    return false;
  }
}

const state = $state<{ on: boolean }>({ on: fromUrl() });

if (typeof document !== 'undefined') {
  document.addEventListener('fullscreenchange', () => {
    // leaving fullscreen with Esc leaves wall mode too, unless the URL asked for it
    if (!document.fullscreenElement && state.on && !fromUrl()) state.on = false;
  });
}

export const wall = {
  get on(): boolean {
    return state.on;
  },
  async enter(): Promise<void> {
    state.on = true;
    const el = document.documentElement;
    if (document.fullscreenEnabled && !document.fullscreenElement && typeof el.requestFullscreen === 'function') {
      try {
        await el.requestFullscreen({ navigationUI: 'hide' });
      } catch {
        // refused (no gesture, iframe policy): wall mode still works in the window
      }
    }
  },
  async exit(): Promise<void> {
    state.on = false;
    if (document.fullscreenElement) {
      try {
        await document.exitFullscreen();
      } catch {
        // already out
      }
    }
  },
};
