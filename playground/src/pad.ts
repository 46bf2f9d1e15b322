// The drawing pad: white strokes on a black 280x280 canvas, turned into a
// 28x28 image as MNIST's were made (the digit scaled to fit a 20x20 box,
// then placed so its centre of mass is the image's centre), for the model.
export class DrawingPad {
  /** Called with the 784 pixels (0 to 1, row by row) after each stroke. */
  onDrawn: (pixels: Float32Array) => void | Promise<void> = () => {};
  private readonly ctx: CanvasRenderingContext2D;
  private drawing = false;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly guess: HTMLElement,
    private readonly bars: HTMLElement,
  ) {
    this.ctx = canvas.getContext("2d", { willReadFrequently: true })!;
    this.clear();
    const at = (e: PointerEvent): [number, number] => {
      const r = canvas.getBoundingClientRect();
      return [((e.clientX - r.left) * canvas.width) / r.width, ((e.clientY - r.top) * canvas.height) / r.height];
    };
    canvas.addEventListener("pointerdown", (e) => {
      this.drawing = true;
      canvas.setPointerCapture(e.pointerId);
      const [x, y] = at(e);
      this.ctx.beginPath();
      this.ctx.moveTo(x, y);
      this.ctx.lineTo(x, y);
      this.ctx.stroke();
    });
    canvas.addEventListener("pointermove", (e) => {
      if (!this.drawing) return;
      const [x, y] = at(e);
      this.ctx.lineTo(x, y);
      this.ctx.stroke();
    });
    canvas.addEventListener("pointerup", () => {
      this.drawing = false;
      const pixels = this.pixels();
      if (pixels !== null) void this.onDrawn(pixels);
    });
  }

  clear(): void {
    const { ctx, canvas } = this;
    ctx.fillStyle = "#000";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = 20;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    this.guess.textContent = "";
    this.bars.replaceChildren();
  }

  /** The drawing as MNIST's 28x28 (null when the pad is empty). */
  pixels(): Float32Array | null {
    const { canvas } = this;
    const { data } = this.ctx.getImageData(0, 0, canvas.width, canvas.height);
    let [x0, y0, x1, y1] = [canvas.width, canvas.height, -1, -1];
    for (let y = 0; y < canvas.height; y++) {
      for (let x = 0; x < canvas.width; x++) {
        if (data[4 * (y * canvas.width + x)] > 0) {
          x0 = Math.min(x0, x);
          x1 = Math.max(x1, x);
          y0 = Math.min(y0, y);
          y1 = Math.max(y1, y);
        }
      }
    }
    if (x1 < 0) return null;
    // Scale the bounding box to fit 20x20, keeping the aspect ratio.
    const [bw, bh] = [x1 - x0 + 1, y1 - y0 + 1];
    const scale = 20 / Math.max(bw, bh);
    const [sw, sh] = [bw * scale, bh * scale];
    const small = document.createElement("canvas");
    small.width = small.height = 28;
    const sctx = small.getContext("2d", { willReadFrequently: true })!;
    sctx.imageSmoothingQuality = "high";
    sctx.drawImage(canvas, x0, y0, bw, bh, (28 - sw) / 2, (28 - sh) / 2, sw, sh);
    const boxed = sctx.getImageData(0, 0, 28, 28).data;
    // Shift so the centre of mass sits at the centre.
    let [mass, mx, my] = [0, 0, 0];
    for (let i = 0; i < 784; i++) {
      const v = boxed[4 * i];
      mass += v;
      mx += v * (i % 28);
      my += v * Math.floor(i / 28);
    }
    const [dx, dy] = [Math.round(13.5 - mx / mass), Math.round(13.5 - my / mass)];
    const pixels = new Float32Array(784);
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const [sx, sy] = [x - dx, y - dy];
        if (sx >= 0 && sx < 28 && sy >= 0 && sy < 28) pixels[y * 28 + x] = boxed[4 * (sy * 28 + sx)] / 255;
      }
    }
    return pixels;
  }

  /** Shows the model's guess and its probability for each digit. */
  show(probabilities: number[]): void {
    const best = probabilities.indexOf(Math.max(...probabilities));
    this.guess.textContent = `${best}`;
    this.guess.dataset.digit = String(best);
    this.bars.replaceChildren(
      ...probabilities.flatMap((p, d) => {
        const label = Object.assign(document.createElement("span"), { textContent: String(d) });
        const bar = Object.assign(document.createElement("span"), { className: "bar", title: `${(100 * p).toFixed(1)}%` });
        bar.style.width = `${Math.max(1, 100 * p)}%`;
        return [label, bar];
      }),
    );
  }
}
