/** UI text. Spanish (Uruguay) is the reference; every key must exist in every locale. */
import { dispatchEn, dispatchEsUY } from './dispatch-messages.ts';
import { replayEn, replayEsUY } from './replay-messages.ts';
import { configEn, configEsUY } from './config-messages.ts';
import { plannerEn, plannerEsUY } from './planner-messages.ts';
import { dayPlanEn, dayPlanEsUY } from './day-plan-messages.ts';

export const locales = ['es-UY', 'en'] as const;
export type Locale = (typeof locales)[number];

const esUY = {
  ...dispatchEsUY,
  ...replayEsUY,
  ...configEsUY,
  ...plannerEsUY,
  ...dayPlanEsUY,
  'app.name': 'Vatio',
  'signin.title': 'Ingresar',
  'signin.subtitle': 'Operaciones de campo',
  'signin.username': 'Usuario',
  'signin.password': 'Contraseña',
  'signin.submit': 'Ingresar',
  'signin.busy': 'Ingresando…',
  'signin.error.credentials': 'Usuario o contraseña incorrectos',
  'signin.error.forbidden': 'Su usuario no tiene acceso a la consola',
  'signin.error.network': 'No se pudo conectar con el servidor. Verifique la conexión e intente de nuevo.',
  'signin.error.rateLimited': 'Demasiados intentos. Espere un momento e intente de nuevo.',
  'signin.error.server': 'El servidor respondió con un error ({status}). Intente de nuevo en unos minutos.',
  'signin.error.missing': 'Ingrese usuario y contraseña',
  'nav.map': 'Mapa en vivo',
  'nav.dispatch': 'Despacho',
  'nav.replay': 'Reproducción',
  'nav.planner': 'Planificación',
  'nav.care': 'Atención al cliente',
  'nav.logout': 'Salir',
  'nav.language': 'Idioma',
  'placeholder.soon': 'Esta pantalla estará disponible próximamente.',
  'status.online': 'en línea',
  'status.unknown': 'sin reporte',
  'status.offline': 'fuera de línea',
  'status.total': 'vehículos',
  'conn.connecting': 'Conectando…',
  'conn.open': 'En vivo',
  'conn.closed': 'Sin conexión — reintentando',
  'wall.enter': 'Pantalla mural',
  'wall.exit': 'Salir de pantalla mural',
  'panel.close': 'Cerrar',
  'panel.crew': 'Cuadrilla',
  'panel.vehicle': 'Vehículo',
  'panel.device': 'Equipo GPS',
  'panel.speed': 'Velocidad',
  'panel.heading': 'Rumbo',
  'panel.lastFix': 'Última posición',
  'panel.battery': 'Batería',
  'panel.accuracy': 'Precisión',
  'panel.coordinates': 'Coordenadas',
  'panel.status': 'Estado',
  'panel.noCrew': 'Sin cuadrilla asignada',
  'map.loading': 'Cargando mapa…',
  'map.error': 'No se pudieron cargar los vehículos: {message}',
  'map.departments': 'Departamentos',
  'map.noWebgl': 'Este navegador no puede dibujar el mapa (WebGL no disponible).',
  'age.seconds': 'hace {n} s',
  'age.minutes': 'hace {n} min',
  'age.hours': 'hace {n} h',
  'age.days': 'hace {n} d',
  'age.future': 'ahora',
  'clock.zone': 'Montevideo',
} as const;

export type MessageKey = keyof typeof esUY;

const en: Record<MessageKey, string> = {
  ...dispatchEn,
  ...replayEn,
  ...configEn,
  ...plannerEn,
  ...dayPlanEn,
  'app.name': 'Vatio',
  'signin.title': 'Sign in',
  'signin.subtitle': 'Field operations',
  'signin.username': 'Username',
  'signin.password': 'Password',
  'signin.submit': 'Sign in',
  'signin.busy': 'Signing in…',
  'signin.error.credentials': 'Wrong username or password',
  'signin.error.forbidden': 'Your user has no access to the console',
  'signin.error.network': 'Could not reach the server. Check the connection and try again.',
  'signin.error.rateLimited': 'Too many attempts. Wait a moment and try again.',
  'signin.error.server': 'The server answered with an error ({status}). Try again in a few minutes.',
  'signin.error.missing': 'Enter username and password',
  'nav.map': 'Live map',
  'nav.dispatch': 'Dispatch',
  'nav.replay': 'Replay',
  'nav.planner': 'Planner',
  'nav.care': 'Customer care',
  'nav.logout': 'Sign out',
  'nav.language': 'Language',
  'placeholder.soon': 'This screen is coming soon.',
  'status.online': 'online',
  'status.unknown': 'no recent fix',
  'status.offline': 'offline',
  'status.total': 'vehicles',
  'conn.connecting': 'Connecting…',
  'conn.open': 'Live',
  'conn.closed': 'Disconnected — retrying',
  'wall.enter': 'Wall mode',
  'wall.exit': 'Leave wall mode',
  'panel.close': 'Close',
  'panel.crew': 'Crew',
  'panel.vehicle': 'Vehicle',
  'panel.device': 'GPS unit',
  'panel.speed': 'Speed',
  'panel.heading': 'Heading',
  'panel.lastFix': 'Last fix',
  'panel.battery': 'Battery',
  'panel.accuracy': 'Accuracy',
  'panel.coordinates': 'Coordinates',
  'panel.status': 'Status',
  'panel.noCrew': 'No crew assigned',
  'map.loading': 'Loading map…',
  'map.error': 'Could not load vehicles: {message}',
  'map.departments': 'Departments',
  'map.noWebgl': 'This browser cannot draw the map (WebGL unavailable).',
  'age.seconds': '{n} s ago',
  'age.minutes': '{n} min ago',
  'age.hours': '{n} h ago',
  'age.days': '{n} d ago',
  'age.future': 'now',
  'clock.zone': 'Montevideo',
};

export const messages: Record<Locale, Record<MessageKey, string>> = { 'es-UY': esUY, en };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** Looks up a message and fills `{name}` placeholders. */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const text = messages[locale][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
