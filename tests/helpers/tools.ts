/**
 * Tests that need a program from Debian (LibreOffice, Tesseract, poppler): locally they are
 * skipped with a message when it is missing; under CI=true they run anyway and fail, since
 * .ci/run installs everything they need.
 */
export const CI = process.env.CI === 'true';

/** Whether to run the tests needing `what` (installed, or under CI where a missing tool must fail them). */
export function needs(available: boolean, what: string, install: string): boolean {
  if (!available && !CI) console.warn(`Skipping the tests needing ${what}: not installed (${install}).`);
  return available || CI;
}
