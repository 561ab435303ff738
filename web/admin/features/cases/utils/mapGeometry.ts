/** Plain-plane geometry for the case map: outline rings of an area's GeoJSON and the extent to show. */

export type Position = [number, number];
export interface Bounds {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

const isPosition = (v: unknown): v is Position => Array.isArray(v) && v.length >= 2 && typeof v[0] === 'number' && typeof v[1] === 'number';

/** The outer rings of a Polygon, MultiPolygon, Feature or FeatureCollection (anything else: none). */
export function outlineRings(geo: unknown): Position[][] {
  if (!geo || typeof geo !== 'object') return [];
  const g = geo as { type?: string; coordinates?: unknown; geometry?: unknown; features?: unknown };
  const ring = (r: unknown): Position[] => (Array.isArray(r) ? r.filter(isPosition).map((p) => [p[0], p[1]] as Position) : []);
  switch (g.type) {
    case 'Polygon':
      return Array.isArray(g.coordinates) && g.coordinates.length ? [ring(g.coordinates[0])].filter((r) => r.length) : [];
    case 'MultiPolygon':
      return Array.isArray(g.coordinates) ? g.coordinates.map((poly) => (Array.isArray(poly) ? ring(poly[0]) : [])).filter((r) => r.length) : [];
    case 'Feature':
      return outlineRings(g.geometry);
    case 'FeatureCollection':
      return Array.isArray(g.features) ? g.features.flatMap((f) => outlineRings(f)) : [];
    default:
      return [];
  }
}

/**
 * The box around the positions with a margin of 5 % (at least about 100 m), so points on the edge
 * stay visible; null when there is nothing to show.
 */
export function boundsOf(positions: Position[]): Bounds | null {
  if (positions.length === 0) return null;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const [x, y] of positions) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const padX = Math.max((maxX - minX) * 0.05, 0.001);
  const padY = Math.max((maxY - minY) * 0.05, 0.001);
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return { minX: round(minX - padX), maxX: round(maxX + padX), minY: round(minY - padY), maxY: round(maxY + padY) };
}
