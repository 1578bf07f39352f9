/** Online insertion engine: place a new order into live crew plans. */
export { insertOrder } from './insertion.ts';
export type { CrewPlan, InsertionOption, NewOrder, PlannedStop, Point, TravelSeconds } from './insertion.ts';
export { offerSlots, workingWindows } from './slots.ts';
export type { SlotOffer, SlotWindow } from './slots.ts';
