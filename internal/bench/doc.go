// Package bench holds the project's end-to-end benchmarks: audit, the
// spreadsheet-formula check a user would otherwise run, rendering in every
// format beside LibreOffice, and batches. Its test TestBenchmarkTable
// (JUESUAN_BENCH=1) runs each measurement in a child process, so that peak
// memory is measured per item, and prints the table of BENCHMARKS.md.
package bench
