import { describe, expect, it } from "vitest";
import { metricOverRunsSpec, renderSvg } from "../../../mlops/charts/index.js";

describe("metricOverRunsSpec", () => {
  it("charts the runs in the given order, their ids as text vega escapes", async () => {
    const points = [
      { run: "b-run", value: 3.5 },
      { run: "a-<img src=x onerror=alert(1)>", value: 1.25 },
    ];
    const spec = metricOverRunsSpec({ metric: "loss", points });
    expect((spec.data as { values: unknown[] }).values).toEqual([
      { run: "b-run", value: 3.5, order: 0 },
      { run: "a-<img src=x onerror=alert(1)>", value: 1.25, order: 1 },
    ]);
    const svg = await renderSvg(spec);
    expect(svg).toContain("loss over runs");
    expect(svg).toContain("a-&lt;img src=x onerror=alert(1)&gt;");
    expect(svg).not.toContain("<img");
    // The x axis keeps the given order: b-run's label comes first.
    expect(svg.indexOf(">b-run<")).toBeLessThan(svg.indexOf(">a-&lt;img"));
  });

  it("refuses no points and non-finite values, naming them", () => {
    expect(() => metricOverRunsSpec({ metric: "loss", points: [] })).toThrow("no run has a value of loss to chart");
    expect(() => metricOverRunsSpec({ metric: "loss", points: [{ run: "r1", value: Number.NaN }] })).toThrow(
      "run r1: loss is NaN, not finite",
    );
  });
});
