'use strict';

const { execSync } = require('child_process');

exports.handler = async (event) => {
  const uptime = execSync('uptime').toString();
  return {
    statusCode: 200,
    body: JSON.stringify({ stage: process.env.STAGE, version: process.env.AWS_LAMBDA_FUNCTION_VERSION, uptime, path: event.path }),
  };
};
