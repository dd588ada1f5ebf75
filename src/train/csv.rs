//! The CSV of a run, as `gradscope train` prints it and the page exports it.
//!
//! One estimator: `epoch,loss,accuracy`, one row per epoch from epoch 0 (before
//! training). With pins, each pin adds two columns, `pin1_loss,pin1_accuracy`,
//! `pin2_loss,...`, in the order the pins were given, so a row is still one epoch;
//! the cells of an estimator that stopped are empty after its last epoch. Numbers
//! are printed as `gradscope table` prints values of the run's dtype: the shortest
//! text that reads back to the same f32 or f64.

use std::fmt::Write as _;

use crate::real::Dtype;
use crate::table::format_value;

use super::EpochRecord;

/// The header line (with its newline) of a run of `estimators` estimators: the
/// current one, then the pins.
pub fn header(estimators: usize) -> String {
    let mut line = String::from("epoch,loss,accuracy");
    for pin in 1..estimators {
        let _ = write!(line, ",pin{pin}_loss,pin{pin}_accuracy");
    }
    line.push('\n');
    line
}

/// Appends one row per epoch of `records` (as [`super::Trainer::step`] returns
/// them: epoch by epoch, each epoch's estimators in order) of a run of `estimators`
/// estimators in `dtype`.
pub fn write_rows(records: &[EpochRecord], estimators: usize, dtype: Dtype, out: &mut String) {
    for epoch in records.chunk_by(|a, b| a.epoch == b.epoch) {
        let _ = write!(out, "{}", epoch[0].epoch);
        let mut cells = epoch.iter().peekable();
        for index in 0..estimators {
            match cells.next_if(|record| record.estimator == index) {
                Some(record) => {
                    let (loss, accuracy) = formatted(record, dtype);
                    let _ = write!(out, ",{loss},{accuracy}");
                }
                None => out.push_str(",,"),
            }
        }
        out.push('\n');
    }
}

/// A record's loss and accuracy as text of its dtype.
fn formatted(record: &EpochRecord, dtype: Dtype) -> (String, String) {
    match dtype {
        Dtype::F32 => (
            format_value(record.loss as f32),
            format_value(record.accuracy as f32),
        ),
        Dtype::F64 => (format_value(record.loss), format_value(record.accuracy)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(estimator: usize, epoch: usize, loss: f64, accuracy: f64) -> EpochRecord {
        EpochRecord {
            estimator,
            epoch,
            loss,
            accuracy,
            stop: None,
        }
    }

    #[test]
    fn one_estimator_gives_three_columns() {
        assert_eq!(header(1), "epoch,loss,accuracy\n");
        let mut out = String::new();
        let records = [record(0, 0, 0.75, 0.5), record(0, 1, 0.125, 1.0)];
        write_rows(&records, 1, Dtype::F64, &mut out);
        assert_eq!(out, "0,0.75,0.5\n1,0.125,1.0\n");
    }

    #[test]
    fn pins_add_two_columns_each_and_a_stopped_one_leaves_them_empty() {
        assert_eq!(
            header(3),
            "epoch,loss,accuracy,pin1_loss,pin1_accuracy,pin2_loss,pin2_accuracy\n"
        );
        let records = [
            record(0, 0, 0.5, 0.25),
            record(1, 0, f64::NAN, 0.5),
            record(2, 0, 0.5, 0.25),
            record(0, 1, 0.25, 0.5),
            record(2, 1, 0.375, 0.75),
        ];
        let mut out = String::new();
        write_rows(&records, 3, Dtype::F64, &mut out);
        assert_eq!(
            out,
            "0,0.5,0.25,NaN,0.5,0.5,0.25\n1,0.25,0.5,,,0.375,0.75\n"
        );
    }

    #[test]
    fn f32_runs_print_the_shortest_f32_text() {
        let loss = f64::from(0.1f32);
        let mut out = String::new();
        write_rows(&[record(0, 3, loss, 0.5)], 1, Dtype::F32, &mut out);
        assert_eq!(out, "3,0.1,0.5\n");
        let mut wide = String::new();
        write_rows(&[record(0, 3, loss, 0.5)], 1, Dtype::F64, &mut wide);
        assert_ne!(wide, out, "{wide}");
    }
}
