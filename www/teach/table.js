// The plotted samples as an HTML table for screen readers (button Data table):
// a caption naming the view, a header row, and one row a sample, x as its header.
// describe.js loads this file on the first press of Data table.

/** The columns' headers, in the order of the rows' values. */
const COLUMNS = ['x', 'f(x)', 'backward', 'true derivative'];

/** A value as the table shows it: enough digits to read back its dtype's number. */
export function cell(value, dtype) {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return dtype === 'f32' ? String(Number(value.toPrecision(9))) : String(value);
}

/**
 * Puts into `box` the table of `data` (page.plotted(): caption, x, f, backward,
 * true_derivative) in `dtype`.
 */
export function showTable(box, data, dtype) {
  const table = document.createElement('table');
  const caption = document.createElement('caption');
  caption.textContent = data.caption;
  const head = document.createElement('thead');
  const headRow = head.insertRow();
  for (const name of COLUMNS) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = name;
    headRow.append(th);
  }
  const body = document.createElement('tbody');
  const columns = [data.x, data.f, data.backward, data.true_derivative];
  for (let i = 0; i < data.x.length; i += 1) {
    const row = body.insertRow();
    columns.forEach((column, j) => {
      const td = document.createElement(j === 0 ? 'th' : 'td');
      if (j === 0) td.scope = 'row';
      td.textContent = cell(column[i], dtype);
      row.append(td);
    });
  }
  table.append(caption, head, body);
  box.replaceChildren(table);
}
