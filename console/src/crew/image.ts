import { fitWithin } from './links.ts';

/** Longest side of a completion photo: enough to read a meter, small enough for a weak signal. */
export const PHOTO_MAX_PX = 1280;

/** The server keeps a completion value to 200,000 characters (field.ts `orderActionInput`). */
export const MAX_DATA_URL_CHARS = 200_000;

/**
 * Camera picture → JPEG data URL no larger than 1280 px on its longer side and small enough for
 * the server: lower quality first, then fewer pixels, until it fits.
 */
export async function resizePhoto(file: Blob, max = PHOTO_MAX_PX): Promise<string> {
  const bitmap = await createImageBitmap(file);
  try {
    for (let side = max; side >= 320; side = Math.round(side * 0.75)) {
      for (const quality of [0.8, 0.65, 0.5]) {
        const url = draw(bitmap, side, quality);
        if (url.length <= MAX_DATA_URL_CHARS) return url;
      }
    }
    return draw(bitmap, 320, 0.4);
  } finally {
    bitmap.close();
  }
}

function draw(bitmap: ImageBitmap, max: number, quality: number): string {
  const size = fitWithin(bitmap.width, bitmap.height, max);
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas');
  // JPEG has no transparency: a white ground instead of black for PNG screenshots
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size.width, size.height);
  ctx.drawImage(bitmap, 0, 0, size.width, size.height);
  return canvas.toDataURL('image/jpeg', quality);
}
