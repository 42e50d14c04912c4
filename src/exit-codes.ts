/**
 * How the process ends, for a supervisor (systemd, Docker, Kubernetes): 0 when it was asked to stop
 * and stopped cleanly; otherwise non-zero, with one line on stderr saying what to fix. The codes
 * follow sysexits.h so that a supervisor can tell "try again later" from "a restart will not help".
 */
export const EXIT = {
  /** Stopped on SIGTERM/SIGINT after the answers in flight were sent (or stdin ended, terminal chat). */
  ok: 0,
  /** An unexpected failure (a bug, a crash): restart. */
  failure: 1,
  /** EX_TEMPFAIL: the Bot API unreachable, another instance polling the token, the index being written by another process: restart after a delay. */
  tempFail: 75,
  /** EX_CONFIG: a bad setting, a refused token, an unreadable index: a restart will not help until an operator fixes what the line says. */
  config: 78,
} as const;
