/** Photos are shrunk on the phone before they travel: at most 1280 px on the long side, JPEG ~0.8. */
import { MAX_PHOTO_BYTES } from '../../common/form-answers';

const MAX_SIDE = 1280;

function loadImage(file: File): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    const useObjectUrl = typeof URL !== 'undefined' && typeof URL.createObjectURL === 'function';
    const src = useObjectUrl ? URL.createObjectURL(file) : '';
    img.onload = () => {
      if (useObjectUrl) URL.revokeObjectURL(src);
      resolve(img);
    };
    img.onerror = () => {
      if (useObjectUrl) URL.revokeObjectURL(src);
      reject(new Error('image'));
    };
    if (useObjectUrl) img.src = src;
    else {
      const reader = new FileReader();
      reader.onload = () => (img.src = String(reader.result));
      reader.onerror = () => reject(new Error('read'));
      reader.readAsDataURL(file);
    }
  });
}

/** A JPEG data URL of the picture, small enough for the server (≤ MAX_PHOTO_BYTES). */
export async function shrinkPhoto(file: File): Promise<string> {
  const img = await loadImage(file);
  let side = MAX_SIDE;
  let quality = 0.8;
  for (let attempt = 0; attempt < 5; attempt++) {
    const scale = Math.min(1, side / Math.max(img.naturalWidth || img.width, img.naturalHeight || img.height));
    const w = Math.max(1, Math.round((img.naturalWidth || img.width) * scale));
    const h = Math.max(1, Math.round((img.naturalHeight || img.height) * scale));
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('canvas');
    ctx.fillStyle = '#fff'; // transparent PNGs become white, not black
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(img, 0, 0, w, h);
    const url = canvas.toDataURL('image/jpeg', quality);
    if (url.indexOf('data:image/jpeg;base64,') !== 0) throw new Error('encode');
    if ((url.length - 23) * 0.75 <= MAX_PHOTO_BYTES) return url;
    side = Math.round(side * 0.75);
    quality = Math.max(0.5, quality - 0.1);
  }
  throw new Error('too large');
}
