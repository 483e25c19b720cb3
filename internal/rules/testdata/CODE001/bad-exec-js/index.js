'use strict';

const { exec, execSync } = require('child_process');
const util = require('util');

const run = util.promisify(exec);

// convert renders an uploaded document with LibreOffice.
function convert(name, format) {
  return execSync(`soffice --headless --convert-to ${format} --outdir /tmp/out /tmp/in/${name}`); // want CODE001
}

exports.handler = async (event) => {
  const { name, format } = JSON.parse(event.body);
  convert(name, format);
  const dir = event.queryStringParameters.dir;
  const { stdout } = await run('ls -la /tmp/out/' + dir); // want CODE001
  return { statusCode: 200, body: stdout };
};
