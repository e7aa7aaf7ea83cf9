// Times DuckDB's 完全汇总 of the cells the Go benchmark wrote: the same
// recursive subtree walk and GROUP BY as the store's SQL, over CSV files
// loaded into an in-memory database first (loading is not timed).
// Usage: node duckdb_agg.mjs UNITS.csv CELLS.csv ROOT RUNS
// Prints the median seconds of one aggregation and the number of cells.
import { DuckDBInstance } from '@duckdb/node-api';

const [units, cells, root, runs] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(`CREATE TABLE units AS SELECT * FROM read_csv('${units}', header=true, columns={'code':'VARCHAR','parent':'VARCHAR'})`);
await con.run(`CREATE TABLE cells AS SELECT * FROM read_csv('${cells}', header=true, columns={'unit':'VARCHAR','tbl':'INTEGER','row_key':'VARCHAR','col_key':'VARCHAR','amount':'BIGINT'})`);
const q = `WITH RECURSIVE sub(code) AS (SELECT '${root}' UNION ALL SELECT u.code FROM units u JOIN sub ON u.parent = sub.code)
SELECT c.tbl, c.row_key, c.col_key, SUM(c.amount) FROM sub JOIN cells c ON c.unit = sub.code GROUP BY c.tbl, c.row_key, c.col_key`;
const times = [];
let n = 0;
for (let i = 0; i < Number(runs); i++) {
  const t = process.hrtime.bigint();
  const r = await con.runAndReadAll(q);
  n = r.getRows().length;
  times.push(Number(process.hrtime.bigint() - t) / 1e9);
}
times.sort((a, b) => a - b);
console.log(times[Math.floor(times.length / 2)], n);
