/**
 * `sec.fraction` exactly as TShark prints frame.time_epoch: the fraction is a C int of
 * nanoseconds, at least 9 digits. wiretap stores a pcap fraction into that int unchecked
 * (microseconds times 1000, in 32 bits), so an invalid fraction prints as 10 digits
 * (`.1000000000`) or, past 2^31, negative with the sign in front (`-0.2078753920`).
 */
export function formatEpoch(sec: number, nsec: number): string {
  let frac = nsec | 0; // ToInt32: the same wrap as wiretap's 32-bit arithmetic
  let sign = '';
  if (frac < 0) {
    frac = -frac;
    if (sec >= 0) sign = '-';
  }
  const digits = String(frac);
  return `${sign}${sec}.${digits.length >= 9 ? digits : '000000000'.slice(digits.length) + digits}`;
}
