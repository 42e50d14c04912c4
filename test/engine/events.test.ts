import { describe, expect, it } from "vitest";
import { EngineEvents } from "../../src/engine/events.js";
import { ANSWER_STRATEGIES } from "../../src/engine/strategies.js";

describe("the engine's events", () => {
  it("tells every listener in order, each failure its own, until it stops listening", () => {
    const events = new EngineEvents();
    const heard: string[] = [];
    const stop = events.on("articlesAdded", (ids) => heard.push(`first ${ids.join(",")}`));
    events.on("articlesAdded", () => {
      throw new Error("a listener's own failure");
    });
    events.on("articlesAdded", (ids) => heard.push(`third ${ids.join(",")}`));
    events.articlesAdded(["a", "b"]);
    stop();
    events.articlesAdded(["c"]);
    events.articlesAdded([]); // nothing added: nothing said
    expect(heard).toEqual(["first a,b", "third a,b", "third c"]);
  });

  it("keeps each event's listeners apart", () => {
    const events = new EngineEvents();
    const outcomes: string[] = [];
    events.on("reloaded", (e) => outcomes.push(e.outcome));
    events.articlesAdded(["a"]);
    events.emit("reloaded", { outcome: "failed", seconds: 0.1, generation: "gen-1", documents: 3, error: "unreadable" });
    expect(outcomes).toEqual(["failed"]);
  });
});

describe("the answer strategies", () => {
  it("are tried in order: comparison, timeline, anchored, then any question", () => {
    expect(ANSWER_STRATEGIES.map((s) => s.name)).toEqual(["comparison", "timeline", "anchored", "plain"]);
  });
});
