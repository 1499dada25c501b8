// DuckDB peer (node, @duckdb/node-api): DUCKDB_DIR=DIR node duckdb.mjs
// TASK FILE (stdin: the file on standard input), DIR the folder that
// `npm install @duckdb/node-api` was run in (bench/run.sh installs it
// into a folder outside the repository).  DuckDB is an SQL engine: it
// does the reading and the grouping; what it has no function for (tests,
// regressions, survival) it leaves out, as the table of RESULTS.md says.
import { createRequire } from 'node:module';

const require = createRequire(`${process.env.DUCKDB_DIR || '.'}/`);
const { DuckDBInstance } = require('@duckdb/node-api');

const [task, file] = process.argv.slice(2);
const src = task === 'stdin' ? '/dev/stdin' : file;
const con = await (await DuckDBInstance.create(':memory:')).connect();
const rows = async (sql) => (await con.runAndReadAll(sql)).getRowObjectsJson();
const out = (k, v) => console.log(k, Number(v));

if (task === 'binary' || task === 'stdin') {
  // counts per arm, then Pearson's chi-square of the 2x2 table
  const r = await rows(`SELECT arm, count(*) n, sum(job) x FROM
                        read_csv('${src}') GROUP BY arm`);
  const g = Object.fromEntries(r.map((a) => [a.arm, a]));
  const n1 = Number(g.trial.n), x1 = Number(g.trial.x);
  const n2 = Number(g.control.n), x2 = Number(g.control.x);
  const p = (x1 + x2) / (n1 + n2), d = x1 / n1 - x2 / n2;
  const chisq = d * d / (p * (1 - p) * (1 / n1 + 1 / n2));
  out('n_trial', n1); out('x_trial', x1); out('n_control', n2); out('x_control', x2);
  out('chisq', chisq);
} else if (task === 'describe') {
  const cols = (await rows(`DESCRIBE SELECT * FROM read_csv('${src}')`))
    .filter((c) => /INT|DOUBLE|DECIMAL|FLOAT/.test(c.column_type))
    .map((c) => c.column_name);
  const sel = cols.map((c) => `count("${c}") "n_${c}", avg("${c}") "mean_${c}",
    stddev_samp("${c}") "sd_${c}", quantile_cont("${c}", 0.25) "q1_${c}",
    quantile_cont("${c}", 0.5) "median_${c}", quantile_cont("${c}", 0.75) "q3_${c}"`);
  const [r] = await rows(`SELECT ${sel.join(', ')} FROM read_csv('${src}')`);
  for (const [k, v] of Object.entries(r)) out(k, v);
} else if (task === 'did') {
  // the cells only: municipality x year means (no regression in SQL)
  const r = await rows(`SELECT count(*) cells, sum(n) people FROM (SELECT
      kommune, aar, avg(job) y, count(*) n FROM read_csv('${src}')
      GROUP BY kommune, aar, forsoeg)`);
  out('cells', r[0].cells);
} else {
  console.error(`duckdb.mjs: unknown task ${task}`);
  process.exit(2);
}
