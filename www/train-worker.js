// The training lab's Web Worker: the crate built with its `train-lab` feature
// (www/pkg-train, which the page's own module leaves out), trained here so the page
// stays live. On start it posts {type: 'lab', tasks, colours} (the task table and
// the estimators' colours). Messages in: {type: 'start', id, query} (the page's URL
// query: estimator, pins, dtype, task, epochs, seed, lr) and {type: 'stop'}.
// Messages out, each with the run's id: {type: 'start', estimators, settings: {task,
// epochs}, header}, then {type: 'chunk', chunk, pictures?} every chunk of epochs,
// then {type: 'done', seconds} or {type: 'error', message}.

import init, { TrainingRun, estimator_colours, training_tasks } from './pkg-train/gradscope.js';

/** How long one chunk of epochs trains before the page hears of it. */
const CHUNK_MS = 60;
/** How often the estimators' pictures are drawn again, at most. */
const PICTURE_MS = 250;

const ready = init().then(
  () => postMessage({ type: 'lab', tasks: training_tasks(), colours: estimator_colours() }),
  (error) => postMessage({ type: 'error', message: `the training module did not load: ${error?.message ?? error}` }),
);
/** The run going on, and a count that tells a stopped run's loop to end. */
let run = null;
let generation = 0;

/** Each estimator's picture now. */
function pictures(training, count) {
  return Array.from({ length: count }, (_, index) => training.picture(index));
}

/** Lets a waiting 'stop' message in between two chunks. */
const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Trains the view of `query` to its end or until another message stops it. */
async function train(id, query) {
  const mine = ++generation;
  run?.free();
  run = null;
  run = new TrainingRun(query);
  const training = run;
  const estimators = training.estimators();
  const settings = { task: training.task(), epochs: training.epochs() };
  postMessage({ id, type: 'start', estimators, settings, header: training.csv_header() });
  const start = performance.now();
  let [done, msPerEpoch, lastPicture] = [0, 0, -Infinity];
  // At least one step: the first gives epoch 0, even of a run whose estimators all
  // stopped there.
  do {
    const begun = performance.now();
    const epochs = msPerEpoch > 0 ? Math.max(1, Math.round(CHUNK_MS / msPerEpoch)) : 1;
    const chunk = training.step(epochs);
    msPerEpoch = (performance.now() - begun) / Math.max(1, chunk.epochs_done - done);
    done = chunk.epochs_done;
    const message = { id, type: 'chunk', chunk };
    if (chunk.done || performance.now() - lastPicture > PICTURE_MS) {
      message.pictures = pictures(training, estimators.length);
      lastPicture = performance.now();
    }
    postMessage(message);
    await pause();
    if (mine !== generation) return;
  } while (!training.is_done());
  postMessage({ id, type: 'done', seconds: (performance.now() - start) / 1000 });
}

onmessage = async ({ data }) => {
  await ready;
  if (data.type === 'stop') {
    generation += 1;
    return;
  }
  try {
    await train(data.id, data.query);
  } catch (error) {
    postMessage({ id: data.id, type: 'error', message: String(error?.message ?? error) });
  }
};
