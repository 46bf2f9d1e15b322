// A small line chart on a canvas: the training loss per step (left axis; each
// step's faintly, its running average boldly) and the held-out accuracy
// (right axis, 0-100%), redrawn as points arrive.
export class LineChart {
  private losses: [number, number][] = [];
  /** The losses' exponential moving average, as TensorBoard smooths. */
  private smoothed: [number, number][] = [];
  private accuracies: [number, number][] = [];
  private readonly ctx: CanvasRenderingContext2D;

  constructor(private readonly canvas: HTMLCanvasElement) {
    this.ctx = canvas.getContext("2d")!;
  }

  addLoss(step: number, loss: number): void {
    this.losses.push([step, loss]);
    const last = this.smoothed.at(-1)?.[1] ?? loss;
    this.smoothed.push([step, 0.9 * last + 0.1 * loss]);
  }

  addAccuracy(step: number, accuracy: number): void {
    this.accuracies.push([step, accuracy]);
  }

  draw(totalSteps: number): void {
    const { ctx, canvas } = this;
    const pad = { left: 48, right: 52, top: 16, bottom: 28 };
    const w = canvas.width - pad.left - pad.right;
    const h = canvas.height - pad.top - pad.bottom;
    const maxStep = Math.max(totalSteps, ...this.losses.map(([s]) => s));
    const maxLoss = Math.max(0.5, ...this.losses.map(([, l]) => l));
    const x = (step: number) => pad.left + (w * step) / maxStep;
    const yLoss = (loss: number) => pad.top + h * (1 - loss / maxLoss);
    const yAcc = (acc: number) => pad.top + h * (1 - acc);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.font = "12px system-ui, sans-serif";
    ctx.strokeStyle = "#dde1e8";
    ctx.fillStyle = "#6b7385";
    ctx.lineWidth = 1;
    for (let i = 0; i <= 4; i++) {
      const y = pad.top + (h * i) / 4;
      ctx.beginPath();
      ctx.moveTo(pad.left, y);
      ctx.lineTo(pad.left + w, y);
      ctx.stroke();
      ctx.textAlign = "right";
      ctx.fillText((maxLoss * (1 - i / 4)).toFixed(2), pad.left - 6, y + 4);
      ctx.textAlign = "left";
      ctx.fillText(`${100 - 25 * i}%`, pad.left + w + 6, y + 4);
    }
    ctx.textAlign = "center";
    ctx.fillText("step", pad.left + w / 2, canvas.height - 6);
    ctx.textAlign = "left";
    ctx.fillStyle = "#3b6fd8";
    ctx.fillText("loss", pad.left + 6, pad.top + 14);
    ctx.fillStyle = "#1a8f4c";
    ctx.fillText("held-out accuracy", pad.left + 46, pad.top + 14);
    this.line(this.losses.map(([s, l]) => [x(s), yLoss(l)]), "#b8c9ee", 1);
    this.line(this.smoothed.map(([s, l]) => [x(s), yLoss(l)]), "#3b6fd8", 2);
    this.line(this.accuracies.map(([s, a]) => [x(s), yAcc(a)]), "#1a8f4c", 2.5);
  }

  private line(points: [number, number][], color: string, width: number): void {
    const { ctx } = this;
    if (points.length === 0) return;
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.beginPath();
    points.forEach(([px, py], i) => (i === 0 ? ctx.moveTo(px, py) : ctx.lineTo(px, py)));
    ctx.stroke();
    ctx.fillStyle = color;
    const [lx, ly] = points[points.length - 1];
    ctx.beginPath();
    ctx.arc(lx, ly, width + 1.5, 0, 2 * Math.PI);
    ctx.fill();
  }
}
