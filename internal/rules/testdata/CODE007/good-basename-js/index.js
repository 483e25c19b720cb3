'use strict';

const fs = require('fs');
const path = require('path');

exports.handler = async (event) => {
  const name = path.basename(event.pathParameters.name);
  const report = fs.readFileSync(path.join('/mnt/reports', name), 'utf8');
  await fs.promises.unlink('/tmp/report.lock');
  return { statusCode: 200, body: report };
};
