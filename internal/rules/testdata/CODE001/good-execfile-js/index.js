'use strict';

const { execFile, execFileSync, execSync, spawn } = require('child_process');
const path = require('path');
const util = require('util');

const run = util.promisify(execFile);
const FORMATS = new Set(['pdf', 'docx', 'odt']);

exports.handler = async (event) => {
  const { name, format } = JSON.parse(event.body);
  if (!FORMATS.has(format)) {
    return { statusCode: 400, body: 'unsupported format' };
  }
  execFileSync('soffice', ['--headless', '--convert-to', format, '--outdir', '/tmp/out', `/tmp/in/${path.basename(name)}`]);
  const { stdout } = await run('ls', ['-la', '/tmp/out']);
  spawn('gzip', ['-k', `/tmp/out/${path.basename(name)}`]);
  execSync('rm -rf /tmp/in');
  const pages = parseInt(event.queryStringParameters.pages, 10);
  execSync(`qpdf --empty --pages /tmp/out/doc.pdf 1-${pages} -- /tmp/out/first.pdf`);
  return { statusCode: 200, body: stdout };
};
