'use strict';

const { execSync } = require('child_process');

exports.handler = async (event) => {
  if (event.queryStringParameters && event.queryStringParameters.raw) {
    return { statusCode: 200, body: execSync('printenv').toString() }; // want CODE012
  }
  return { statusCode: 200, body: JSON.stringify({ env: process.env, path: event.path }) }; // want CODE012
};
