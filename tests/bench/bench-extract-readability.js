#!/usr/bin/env node
// SPDX-License-Identifier: GPL-3.0-or-later
// bench-extract-readability.js: Mozilla Readability (on jsdom) over a
// dataset in one process, as the peer of precis' page cleaner.
//
//   NODE_PATH=<dir with node_modules> node bench-extract-readability.js \
//       DATASET_DIR OUT.json
//
// Reads DATASET_DIR/ground.jsonl and NNNN.html[.gz], decodes each page with
// its charset (as an HTTP client would), runs Readability and writes
// {id: textContent} to OUT.json.  Prints one JSON line with pages/s over the
// parse + extract time only (file reading and gunzip are not timed).
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { JSDOM, VirtualConsole } = require('jsdom');
const { Readability } = require('@mozilla/readability');

function readPage(dir, id) {
  const plain = path.join(dir, id + '.html');
  if (fs.existsSync(plain)) return fs.readFileSync(plain);
  return zlib.gunzipSync(fs.readFileSync(plain + '.gz'));
}

function decode(bytes, charset) {
  try {
    return new TextDecoder((charset || 'utf-8').toLowerCase().replace('_', '-')).decode(bytes);
  } catch (e) {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function main() {
  const [dir, out] = process.argv.slice(2);
  if (!dir || !out) {
    console.error('usage: bench-extract-readability.js DATASET_DIR OUT.json');
    process.exit(2);
  }
  const lines = fs.readFileSync(path.join(dir, 'ground.jsonl'), 'utf8')
    .split('\n').filter((l) => l.trim());
  const pred = {};
  let seconds = 0;
  let failures = 0;
  const virtualConsole = new VirtualConsole();
  for (const line of lines) {
    const rec = JSON.parse(line);
    const html = decode(readPage(dir, rec.id), rec.charset);
    const t0 = process.hrtime.bigint();
    let text = '';
    try {
      const dom = new JSDOM(html, { url: rec.url || 'https://example.invalid/', virtualConsole });
      const article = new Readability(dom.window.document).parse();
      text = article && article.textContent ? article.textContent : '';
      dom.window.close();
    } catch (e) {
      failures++;
    }
    seconds += Number(process.hrtime.bigint() - t0) / 1e9;
    pred[rec.id] = text;
  }
  fs.writeFileSync(out, JSON.stringify(pred));
  console.log(JSON.stringify({
    dataset: dir, pages: lines.length, failures, seconds,
    pages_per_s: lines.length / seconds,
  }));
}

main();
