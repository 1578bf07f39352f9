import { isLocale, translate, type Locale, type MessageKey } from './messages.ts';

const STORAGE_KEY = 'vatio.locale';

function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    // storage may be blocked (private mode); fall back to the default
  }
  return 'es-UY';
}

const state = $state<{ locale: Locale }>({ locale: initialLocale() });

export const i18n = {
  get locale(): Locale {
    return state.locale;
  },
  set(locale: Locale): void {
    state.locale = locale;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, locale);
    } catch {
      // not persisted; the choice still holds for this page
    }
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
  },
};

/** Reactive translation: reads the current locale, so templates re-render on a switch. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(state.locale, key, params);
}
