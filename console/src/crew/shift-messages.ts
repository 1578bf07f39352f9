/** "Mis turnos" text (merged into the crew app's messages.ts). Spanish (Uruguay) first. */
export const shiftsEsUY = {
  'shifts.title': 'Mis turnos',
  'shifts.open': 'Mis turnos',
  'shifts.orders': 'Órdenes',
  'shifts.subtitle': 'Próximos 14 días (turnos publicados)',
  'shifts.today': 'HOY',
  'shifts.off': 'Libre',
  'shifts.todayShift': 'Turno de hoy',
  'shifts.unpublished': 'Sin turno publicado todavía',
  'shifts.loading': 'Cargando turnos…',
  'shifts.cached': 'Sin conexión: turnos guardados el {when}.',
  'shifts.error': 'No se pudieron cargar los turnos. Intente de nuevo.',
  'shifts.none': 'Todavía no hay turnos publicados para estos días.',
  'shifts.nextDay': 'Termina al día siguiente',
  'shifts.calendar': 'Agregar a mi calendario (.ics)',
  'shifts.reload': 'Actualizar',
  'shifts.break': 'Descanso {minutes} min, entre {from} y {to}',
} as const;

export type ShiftsMessageKey = keyof typeof shiftsEsUY;

export const shiftsEn: Record<ShiftsMessageKey, string> = {
  'shifts.title': 'My shifts',
  'shifts.open': 'My shifts',
  'shifts.orders': 'Orders',
  'shifts.subtitle': 'Next 14 days (published shifts)',
  'shifts.today': 'TODAY',
  'shifts.off': 'Day off',
  'shifts.todayShift': "Today's shift",
  'shifts.unpublished': 'No shift published yet',
  'shifts.loading': 'Loading shifts…',
  'shifts.cached': 'Offline: shifts saved on {when}.',
  'shifts.error': 'Could not load the shifts. Try again.',
  'shifts.none': 'No shifts published for these days yet.',
  'shifts.nextDay': 'Ends the next day',
  'shifts.calendar': 'Add to my calendar (.ics)',
  'shifts.reload': 'Refresh',
  'shifts.break': '{minutes}-min break, between {from} and {to}',
};
