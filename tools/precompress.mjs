// Writes <file>.gz (gzip -9) and <file>.br (brotli, quality 11) beside every .wasm, .js and .css
// of a build's output, so that a web server sends them as they are (nginx: gzip_static and
// brotli_static in docs/nginx.conf) instead of compressing on each request at a lower level.
// Node's own zlib does both: the build needs no other tool. tools/wasm-pkg.sh runs it on
// trunk's staging dir.
//
//   node tools/precompress.mjs <dir>
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dir = process.argv[2];
if (!dir || !fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
  console.error('precompress: usage: node tools/precompress.mjs <dir>');
  process.exit(1);
}

const compressors = {
  gz: (buf) => zlib.gzipSync(buf, { level: 9 }),
  br: (buf) => zlib.brotliCompressSync(buf, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_GENERIC,
    },
  }),
};

let written = 0;
const walk = (d) => {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const f = path.join(d, e.name);
    if (e.isDirectory()) { walk(f); continue; }
    if (!/\.(wasm|js|css)$/.test(e.name)) continue;
    const buf = fs.readFileSync(f);
    for (const [ext, compress] of Object.entries(compressors)) {
      fs.writeFileSync(`${f}.${ext}`, compress(buf));
      written++;
    }
  }
};
walk(dir);
console.log(`precompress: ${written} files written in ${dir}`);
