import type { VehicleStatus } from '../contracts.ts';
import { statusColors } from '../live/deck-data.ts';

export interface IconDef {
  x: number;
  y: number;
  width: number;
  height: number;
  anchorX: number;
  anchorY: number;
  mask: boolean;
}

const SIZE = 64;
const statuses: readonly VehicleStatus[] = ['online', 'unknown', 'offline'];

/** Icon name for a vehicle: an arrow when the unit reports a heading, a dot otherwise. */
export function iconName(status: VehicleStatus, hasHeading: boolean): string {
  return hasHeading ? status : `${status}-dot`;
}

/**
 * Draws the vehicle icons (one arrow and one dot per status, white-edged so they read on light
 * and dark maps) on a canvas: no image file, nothing fetched. The atlas is a data: URL, which
 * deck.gl loads without the network.
 */
export function buildVehicleAtlas(): { atlas: string; mapping: Record<string, IconDef> } {
  const canvas = document.createElement('canvas');
  canvas.width = SIZE * statuses.length * 2;
  canvas.height = SIZE;
  const ctx = canvas.getContext('2d');
  const mapping: Record<string, IconDef> = {};
  if (!ctx) return { atlas: canvas.toDataURL(), mapping };
  statuses.forEach((status, i) => {
    const [r, g, b] = statusColors[status];
    const fill = `rgb(${r},${g},${b})`;
    // arrow pointing north; deck.gl rotates it by the heading
    let x0 = i * 2 * SIZE;
    ctx.save();
    ctx.translate(x0, 0);
    ctx.beginPath();
    ctx.moveTo(32, 4);
    ctx.lineTo(56, 58);
    ctx.lineTo(32, 45);
    ctx.lineTo(8, 58);
    ctx.closePath();
    ctx.lineJoin = 'round';
    ctx.lineWidth = 7;
    ctx.strokeStyle = 'rgba(0,0,0,0.45)';
    ctx.stroke();
    ctx.lineWidth = 4;
    ctx.strokeStyle = '#ffffff';
    ctx.stroke();
    ctx.fillStyle = fill;
    ctx.fill();
    ctx.restore();
    mapping[status] = { x: x0, y: 0, width: SIZE, height: SIZE, anchorX: SIZE / 2, anchorY: SIZE / 2, mask: false };
    // dot
    x0 += SIZE;
    ctx.save();
    ctx.translate(x0, 0);
    ctx.beginPath();
    ctx.arc(32, 32, 17, 0, Math.PI * 2);
    ctx.lineWidth = 7;
    ctx.strokeStyle = 'rgba(0,0,0,0.45)';
    ctx.stroke();
    ctx.lineWidth = 4;
    ctx.strokeStyle = '#ffffff';
    ctx.stroke();
    ctx.fillStyle = fill;
    ctx.fill();
    ctx.restore();
    mapping[`${status}-dot`] = { x: x0, y: 0, width: SIZE, height: SIZE, anchorX: SIZE / 2, anchorY: SIZE / 2, mask: false };
  });
  return { atlas: canvas.toDataURL('image/png'), mapping };
}
