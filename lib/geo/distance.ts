/** A point on Earth in decimal degrees. */
export interface LatLng {
  lat: number;
  lng: number;
}

/** Earth radius in miles: the 6,371 km geokdbush uses, so index and reference distances agree. */
export const EARTH_RADIUS_MILES = 6371 / 1.609344;

const RAD = Math.PI / 180;

/** Great-circle (haversine) distance between two points, in miles. */
export function haversineMiles(a: LatLng, b: LatLng): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLng = (b.lng - a.lng) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Miles to kilometres, for libraries that take kilometres (geokdbush). */
export function milesToKm(miles: number): number {
  return miles * 1.609344;
}
