/** Longest side of a photo after shrinking: plenty to see a broken lamp, small enough for a weak signal. */
export const MAX_PHOTO_SIDE = 1600;

/**
 * Redraws a photo on a canvas so its longest side is at most `maxSide` and returns it as JPEG. Phone cameras
 * make 4–12 MB pictures; this makes them a few hundred KB. `createImageBitmap` applies the EXIF orientation,
 * so portrait shots stay upright. Falls back to the original file when the browser cannot decode it.
 */
export async function shrinkImage(file: File, maxSide = MAX_PHOTO_SIDE, quality = 0.82): Promise<File> {
  if (!file.type.startsWith('image/')) return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file;
  }
  try {
    const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return file;
    // JPEG has no transparency: paint white first so a transparent PNG does not turn black.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(bitmap, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
    if (!blob) return file;
    const base = file.name.replace(/\.[^.]*$/, '') || 'photo';
    return new File([blob], `${base}.jpg`, { type: 'image/jpeg', lastModified: Date.now() });
  } finally {
    bitmap.close();
  }
}
