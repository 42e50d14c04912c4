/**
 * A writer for the lock tests, in its own process: `lock-child.ts <index dir> <log file> <name> <rounds> <holdMs>`
 * takes the index folder's writer lock `rounds` times (waiting for it), and while holding it appends
 * `start <name>`, waits `holdMs`, appends `end <name>`. LOCK_STALE_MS sets the stale timeout.
 * With rounds 0 it takes the lock once, prints "locked", and holds it until killed. With rounds -1 it
 * takes the lock, prints "locked", blocks its event loop for `holdMs`, then lets the lock's timer run
 * and prints "held" or "lost" (whether it may still publish).
 */
import { appendFileSync } from "node:fs";
import { lockIndex } from "../../src/index/generations.js";

const [dir, logFile, name, rounds, holdMs] = process.argv.slice(2);
const staleMs = process.env.LOCK_STALE_MS ? Number(process.env.LOCK_STALE_MS) : undefined;
const opts = { waitMs: 60_000, ...(staleMs ? { staleMs } : {}) };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (Number(rounds) === -1) {
  const lock = await lockIndex(dir!, opts);
  process.stdout.write("locked\n");
  const until = Date.now() + Number(holdMs);
  while (Date.now() < until) {
    // a stalled writer: its lock is not touched
  }
  await sleep(2000);
  try {
    lock.assertHeld();
    process.stdout.write("held\n");
  } catch (err) {
    process.stdout.write(`lost: ${(err as Error).message}\n`);
  }
  await lock.release();
} else if (Number(rounds) === 0) {
  await lockIndex(dir!, opts);
  process.stdout.write("locked\n");
  setInterval(() => undefined, 1000);
} else {
  for (let i = 0; i < Number(rounds); i++) {
    const lock = await lockIndex(dir!, opts);
    appendFileSync(logFile!, `start ${name}\n`);
    await sleep(Number(holdMs));
    appendFileSync(logFile!, `end ${name}\n`);
    await lock.release();
    await sleep(5);
  }
}
