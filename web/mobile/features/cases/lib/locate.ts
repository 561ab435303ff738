export interface Located {
  lat: number;
  lng: number;
  accuracy: number;
}

export type LocateFailure = 'denied' | 'unavailable';

/** The phone's position once (high accuracy, 15 s at most); rejects with 'denied' or 'unavailable'. */
export function locate(): Promise<Located> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject('unavailable' satisfies LocateFailure);
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (pos) => resolve({ lat: Number(pos.coords.latitude.toFixed(6)), lng: Number(pos.coords.longitude.toFixed(6)), accuracy: Math.round(pos.coords.accuracy) }),
      (err) => reject((err.code === err.PERMISSION_DENIED ? 'denied' : 'unavailable') satisfies LocateFailure),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  });
}
