// The loss / accuracy chart of a run, as SVG, with Vega-Lite.
import * as vega from "vega";
import * as vl from "vega-lite";

export interface ChartData {
  /** Training loss per step (optionally smoothed by the caller). */
  steps: { step: number; loss: number }[];
  /** Accuracy per epoch, on the training batches and on the test set. */
  epochs: { epoch: number; step: number; train_acc: number; test_acc: number }[];
  title: string;
}

export async function chartSvg(data: ChartData): Promise<string> {
  const accuracy = data.epochs.flatMap((e) => [
    { step: e.step, epoch: e.epoch, accuracy: e.train_acc, set: "train" },
    { step: e.step, epoch: e.epoch, accuracy: e.test_acc, set: "test" },
  ]);
  const spec: vl.TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: data.title,
    hconcat: [
      {
        width: 420,
        height: 260,
        title: "training loss",
        data: { values: data.steps },
        mark: { type: "line", strokeWidth: 1.5 },
        encoding: {
          x: { field: "step", type: "quantitative", title: "step" },
          y: { field: "loss", type: "quantitative", title: "cross-entropy", scale: { type: "log" } },
        },
      },
      {
        width: 260,
        height: 260,
        title: "accuracy after each epoch",
        data: { values: accuracy },
        mark: { type: "line", point: true },
        encoding: {
          x: { field: "epoch", type: "ordinal", title: "epoch" },
          y: { field: "accuracy", type: "quantitative", title: "accuracy (%)", scale: { zero: false } },
          color: { field: "set", type: "nominal", title: null },
        },
      },
    ],
  };
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" });
  return view.toSVG();
}
