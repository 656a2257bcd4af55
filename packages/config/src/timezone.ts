/**
 * True when the zone is a named zone the runtime's Intl knows (luxon uses the same data). Fixed
 * offsets such as `+05:00` are refused: they ignore daylight saving time, and Node 20 and 22
 * disagree on whether Intl accepts them.
 */
export function isValidTimezone(zone: string): boolean {
  if (!/^[A-Za-z]/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
