// The ported programs of the API-breadth issue, as bench workloads: one
// training step each, written as the original PyTorch program writes it
// (bench/peers/pytorch.py has the PyTorch twins, line for line).
import * as torch from "../../src/index.js";
import type { Tensor } from "../../src/index.js";

const { nn } = torch;
const F = nn.functional;

/** makemore part 2's MLP: a 27-character vocabulary, 3 characters of context, 10-dim embedding, 200 tanh units, batch 32, SGD by hand. */
export function makemoreMlp(): () => void {
  const X = torch.randint(0, 27, [1000, 3]), Y = torch.randint(0, 27, [1000]);
  const C = torch.randn(27, 10), W1 = torch.randn(30, 200), b1 = torch.randn(200), W2 = torch.randn(200, 27), b2 = torch.randn(27);
  const parameters = [C, W1, b1, W2, b2];
  for (const p of parameters) p.requires_grad = true;
  return () => {
    const ix = torch.randint(0, X.shape[0], [32]);
    const emb = C.index(X.index(ix));
    const h = torch.tanh(emb.view(-1, 30).matmul(W1).add(b1));
    const logits = h.matmul(W2).add(b2);
    const loss = F.cross_entropy(logits, Y.index(ix));
    for (const p of parameters) p.grad = null;
    loss.backward();
    for (const p of parameters) p.data.add_(p.grad!.mul(-0.1));
  };
}

/** pytorch/examples' MNIST Net (two convolutions, dropout, 9216-128-10), Adadelta(lr=1.0), batch 64. */
class ExampleNet extends nn.Module {
  conv1 = new nn.Conv2d(1, 32, 3, 1);
  conv2 = new nn.Conv2d(32, 64, 3, 1);
  dropout1 = new nn.Dropout(0.25);
  dropout2 = new nn.Dropout(0.5);
  fc1 = new nn.Linear(9216, 128);
  fc2 = new nn.Linear(128, 10);
  override forward(x: Tensor): Tensor {
    x = F.relu(this.conv1.forward(x));
    x = F.relu(this.conv2.forward(x));
    x = F.max_pool2d(x, 2);
    x = this.dropout1.forward(x);
    x = torch.flatten(x, 1);
    x = F.relu(this.fc1.forward(x));
    x = this.dropout2.forward(x);
    return F.log_softmax(this.fc2.forward(x), 1);
  }
}

export function mnistExample(images: Tensor, labels: Tensor): () => void {
  const model = new ExampleNet();
  const optimizer = new torch.optim.Adadelta(model.parameters(), { lr: 1.0 });
  model.train();
  let batch = 0;
  return () => {
    const start = (batch++ % 900) * 64;
    const data = images.narrow(0, start, 64), target = labels.narrow(0, start, 64);
    optimizer.zero_grad();
    const loss = F.nll_loss(model.forward(data), target);
    loss.backward();
    optimizer.step();
  };
}

/** pytorch/examples' word_language_model with its defaults: a 2-layer LSTM, 200 units, dropout 0.2, bptt 35, batch 20, WikiText-2's 33,278 words, SGD by hand with clip_grad_norm_(0.25). */
class RNNModel extends nn.Module {
  drop = new nn.Dropout(0.2);
  encoder = new nn.Embedding(33278, 200);
  rnn = new nn.LSTM(200, 200, 2, { dropout: 0.2 });
  decoder = new nn.Linear(200, 33278);
  forward2(input: Tensor, hidden: [Tensor, Tensor]): [Tensor, [Tensor, Tensor]] {
    const emb = this.drop.forward(this.encoder.forward(input));
    const [output, next] = this.rnn.forward(emb, hidden);
    const decoded = this.decoder.forward(this.drop.forward(output)).view(-1, 33278);
    return [F.log_softmax(decoded, 1), next];
  }
}

export function wordLanguageModel(): () => void {
  const ntokens = 33278, lr = 20;
  const model = new RNNModel();
  const criterion = new nn.NLLLoss();
  const source = torch.randint(0, ntokens, [36 * 20 * 10]).view(-1, 20);
  let hidden: [Tensor, Tensor] = [torch.zeros(2, 20, 200), torch.zeros(2, 20, 200)];
  let i = 0;
  model.train();
  return () => {
    const at = (i++ % 9) * 35;
    const data = source.narrow(0, at, 35), targets = source.narrow(0, at + 1, 35).reshape(-1);
    model.zero_grad();
    hidden = [hidden[0].detach(), hidden[1].detach()];
    const [output, next] = model.forward2(data, hidden);
    hidden = next;
    const loss = criterion.forward(output, targets);
    loss.backward();
    nn.utils.clip_grad_norm_(model.parameters(), 0.25);
    for (const p of model.parameters()) p.data.add_(p.grad!, { alpha: -lr });
  };
}
