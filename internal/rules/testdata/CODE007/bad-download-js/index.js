'use strict';

const fs = require('fs');
const path = require('path');

function readReport(name) {
  return fs.readFileSync(path.join('/mnt/reports', name), 'utf8'); // want CODE007
}

exports.handler = async (event) => {
  const { name } = event.pathParameters;
  const report = readReport(name);
  const { tmp } = JSON.parse(event.body || '{}');
  await fs.promises.unlink(`/tmp/${tmp}`); // want CODE007
  return { statusCode: 200, body: report };
};
