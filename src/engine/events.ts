/**
 * What happens to the index a running engine answers from, told to whoever listens: a reload from
 * disk (src/engine/reload.ts) and articles entering the index (a SEEDS_DIR rescan, src/engine/refresh.ts,
 * or a reload). The engine holds one `EngineEvents`; the reloader and the refresher say what happened
 * through it, the bot's metrics, readiness and subscriptions listen. Nobody calls the engine for it.
 */

/** What a reload told its listeners: for logs and metrics. */
export interface ReloadEvent {
  outcome: "reloaded" | "failed";
  /** Time from noticing the new generation to answering from it (or giving up). */
  seconds: number;
  /** The generation folder's name. */
  generation: string;
  /** Documents in the index now answering (after a failure: the old one's). */
  documents: number;
  error?: string;
}

/** The events of the engine's index and what each carries. */
export interface EngineEventMap {
  /** After each reload of the index from disk, whether it worked or failed. */
  reloaded: ReloadEvent;
  /** The ids of the articles an update of the running index added (never empty). */
  articlesAdded: string[];
}

type Listeners<Events> = { [K in keyof Events]?: Set<(payload: Events[K]) => void> };

/**
 * A typed event emitter: `on` returns the way to stop listening; `emit` calls every listener in the
 * order they came, and a listener's failure is its own (it logs): the others still hear of the event.
 */
class Emitter<Events> {
  private readonly listeners: Listeners<Events> = {};

  on<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): () => void {
    const set = (this.listeners[event] ??= new Set());
    set.add(listener);
    return () => void set.delete(listener);
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    for (const listener of [...(this.listeners[event] ?? [])]) {
      try {
        listener(payload);
      } catch {
        // the listener's own failure; the others still hear of the event
      }
    }
  }
}

/** The engine's events. */
export class EngineEvents extends Emitter<EngineEventMap> {
  /** Says that articles entered the index (nothing when none did). */
  articlesAdded(ids: string[]): void {
    if (ids.length) this.emit("articlesAdded", ids);
  }
}
