// The two MNIST models of the main job.
import * as torch from "../../src/index.js";
import type { Tensor } from "../../src/index.js";

const { nn } = torch;

/** 784-256-128-10 with ReLU: the classic first network. */
export class MLP extends nn.Module {
  net = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 128), new nn.ReLU(), new nn.Linear(128, 10));
  override forward(x: Tensor): Tensor {
    return this.net.forward(x);
  }
}

/** Two 3x3 convolutions with 2x2 max pooling, then two linear layers. */
export class CNN extends nn.Module {
  conv1 = new nn.Conv2d(1, 32, 3);
  conv2 = new nn.Conv2d(32, 64, 3);
  pool = new nn.MaxPool2d(2);
  fc1 = new nn.Linear(64 * 5 * 5, 128);
  fc2 = new nn.Linear(128, 10);
  override forward(x: Tensor): Tensor {
    x = this.pool.forward(this.conv1.forward(x).relu()); // 28 -> 26 -> 13
    x = this.pool.forward(this.conv2.forward(x).relu()); // 13 -> 11 -> 5
    return this.fc2.forward(this.fc1.forward(x.flatten(1)).relu());
  }
}

export const MODELS = { mlp: MLP, cnn: CNN } as const;
export type ModelName = keyof typeof MODELS;
