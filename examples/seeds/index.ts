// The seed walkthrough: all five notebooks in order, then their graphs.
//   npm start
import autogradBasics from "./autograd-basics.js";
import gradientsByExample from "./gradients-by-example.js";
import automaticDifferentiation from "./automatic-differentiation.js";
import autogradTutorial from "./autograd-tutorial.js";
import clearingAndDetaching from "./clearing-and-detaching.js";
import { runNotebook } from "./notebook.js";

for (const nb of [autogradBasics, gradientsByExample, automaticDifferentiation, autogradTutorial, clearingAndDetaching]) {
  await runNotebook(nb);
}
