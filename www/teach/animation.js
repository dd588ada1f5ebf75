// Export animation's recording: one sweep of a parameter as a WebM video of the
// visible plots, each plot's two canvases (axes below, marks above) painted onto one
// canvas per frame for the recorder (www/record.js). motion.js loads this file on
// the first press of Export animation.

import { record } from '../record.js';

/** Each visible plot's axes and marks drawn onto one canvas, for the recorder. */
function composites(layers) {
  return layers
    .filter(([axes]) => !axes.parentElement.hidden)
    .map(([axes, marks]) => {
      const canvas = document.createElement('canvas');
      canvas.width = marks.width;
      canvas.height = marks.height;
      const paint = () => {
        const context = canvas.getContext('2d');
        context.clearRect(0, 0, canvas.width, canvas.height);
        context.drawImage(axes, 0, 0);
        context.drawImage(marks, 0, 0);
      };
      return { canvas, paint };
    });
}

/**
 * Records `seconds` of the plots `layers` ([axes, marks] canvases) while
 * `moveTo(t)` sets the parameter for t from 0 to 1; resolves to the WebM video.
 */
export async function recordSweep(layers, moveTo, seconds) {
  moveTo(0);
  const plots = composites(layers);
  for (const plot of plots) plot.paint();
  return record(plots.map((p) => p.canvas), (t) => {
    moveTo(t);
    for (const plot of plots) plot.paint();
  }, { seconds });
}
